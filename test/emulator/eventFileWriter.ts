// TensorBoard event records as Keras' TensorBoard callback writes them (TF2 tf.summary.scalar: a
// float32 scalar tensor with the "scalars" plugin), for the emulator's jobs, which stand in for a
// training script that syncs its logs/ folder. Written here, apart from the extension's reader.
import { buf as crc32c } from 'crc-32/crc32c';

function masked(bytes: Uint8Array): number {
	const crc = crc32c(bytes, 0) >>> 0;
	return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

function varint(value: number): number[] {
	const out: number[] = [];
	while (value >= 0x80) {
		out.push((value % 0x80) | 0x80);
		value = Math.floor(value / 0x80);
	}
	out.push(value);
	return out;
}

function field(number: number, body: readonly number[]): number[] {
	return [...varint((number << 3) | 2), ...varint(body.length), ...body];
}

function frame(payload: readonly number[]): Buffer {
	const out = Buffer.alloc(12 + payload.length + 4);
	out.writeUInt32LE(payload.length, 0);
	out.writeUInt32LE(masked(out.subarray(0, 8)), 8);
	out.set(payload, 12);
	out.writeUInt32LE(masked(out.subarray(12, 12 + payload.length)), 12 + payload.length);
	return out;
}

function wallTime(ms: number): number[] {
	const time = Buffer.alloc(8);
	time.writeDoubleLE(ms / 1000);
	return [0x09, ...time];
}

/** The first record of every event file: `file_version: "brain.Event:2"`. */
export function fileVersionRecord(ms = Date.now()): Buffer {
	return frame([...wallTime(ms), ...field(3, [...Buffer.from('brain.Event:2')])]);
}

/** One scalar event; step 0 is left off the wire, as proto3 writers do. */
export function scalarRecord(tag: string, step: number, value: number, ms = Date.now()): Buffer {
	const content = Buffer.alloc(4);
	content.writeFloatLE(value);
	const tensor = [0x08, 0x01, 0x12, 0x00, ...field(4, [...content])];
	const metadata = field(1, field(1, [...Buffer.from('scalars')]));
	const value_ = [...field(1, [...Buffer.from(tag)]), ...field(8, tensor), ...field(9, metadata)];
	return frame([...wallTime(ms), ...(step === 0 ? [] : [0x10, ...varint(step)]), ...field(5, field(1, value_))]);
}
