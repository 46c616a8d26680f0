// Builds TensorBoard event records for the tests, sharing no code with the reader under test: a
// bitwise CRC-32C and a few protobuf field encoders, enough for the encodings real writers use.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SeriesColumns } from '../../../../src/core/metrics/SeriesColumns';
import type { RangeRead, RangeReader } from '../../../../src/core/backends/types';

/** Real event files written by other projects' tools, shared beside the project (never copied into it). */
export function fixturePath(...parts: string[]): string {
	let dir = __dirname;
	while (!existsSync(path.join(dir, 'package.json')) || !readFileSync(path.join(dir, 'package.json'), 'utf8').includes('"name": "azureml-explorer"')) {
		dir = path.dirname(dir);
	}
	return path.join(dir, '..', 'shared', 'test-data', 'tfevents', ...parts);
}

export function fixture(...parts: string[]): Uint8Array {
	return new Uint8Array(readFileSync(fixturePath(...parts)));
}

function crc32cBitwise(data: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of data) {
		crc ^= byte;
		for (let i = 0; i < 8; i++) {
			crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
		}
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function masked(data: Uint8Array): number {
	const crc = crc32cBitwise(data);
	return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function hex(text: string): Uint8Array {
	return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** A record's length and its CRC. */
export function recordHeader(length: number): Uint8Array {
	const header = new Uint8Array(12);
	const view = new DataView(header.buffer);
	view.setUint32(0, length, true);
	view.setUint32(8, masked(header.subarray(0, 8)), true);
	return header;
}

/** TFRecord framing around one payload. */
export function record(payload: Uint8Array): Uint8Array {
	const header = recordHeader(payload.length);
	const footer = new Uint8Array(4);
	new DataView(footer.buffer).setUint32(0, masked(payload), true);
	return concat(header, payload, footer);
}

function varint(value: number): Uint8Array {
	const out: number[] = [];
	let v = BigInt.asUintN(64, BigInt(value));
	do {
		const low = Number(v & 0x7fn);
		v >>= 7n;
		out.push(v > 0n ? low | 0x80 : low);
	} while (v > 0n);
	return Uint8Array.from(out);
}

export function fieldVarint(field: number, value: number): Uint8Array {
	return concat(varint(field << 3), varint(value));
}

export function fieldBytes(field: number, ...content: Uint8Array[]): Uint8Array {
	const body = concat(...content);
	return concat(varint((field << 3) | 2), varint(body.length), body);
}

export function fieldString(field: number, text: string): Uint8Array {
	return fieldBytes(field, new TextEncoder().encode(text));
}

export function fieldFloat(field: number, value: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setFloat32(0, value, true);
	return concat(varint((field << 3) | 5), out);
}

export function fieldDouble(field: number, value: number): Uint8Array {
	const out = new Uint8Array(8);
	new DataView(out.buffer).setFloat64(0, value, true);
	return concat(varint((field << 3) | 1), out);
}

export function float32Bytes(value: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setFloat32(0, value, true);
	return out;
}

export function float64Bytes(value: number): Uint8Array {
	const out = new Uint8Array(8);
	new DataView(out.buffer).setFloat64(0, value, true);
	return out;
}

export const scalarsMetadata = fieldBytes(9, fieldBytes(1, fieldString(1, 'scalars')));

/** An Event holding one Summary.Value made of `value` fields (the tag is added). */
export function summaryEvent(tag: string, step: number, wallTime: number, ...value: Uint8Array[]): Uint8Array {
	return concat(fieldDouble(1, wallTime), step === 0 ? new Uint8Array(0) : fieldVarint(2, step), fieldBytes(5, fieldBytes(1, fieldString(1, tag), ...value)));
}

export function simpleEvent(tag: string, step: number, value: number, wallTime = 1_700_000_000 + step): Uint8Array {
	return summaryEvent(tag, step, wallTime, fieldFloat(2, value));
}

export const fileVersionEvent = concat(fieldDouble(1, 1_700_000_000), fieldString(3, 'brain.Event:2'));

/** What an EventSink saw, as plain data for deepEqual. */
export class RecordingSink {
	readonly scalars: { tag: string; step: number; wallTime: number; value: number }[] = [];
	readonly others: { tag: string; kind: string }[] = [];

	scalar(tag: string, step: number, wallTime: number, value: number): void {
		this.scalars.push({ tag, step, wallTime, value });
	}

	other(tag: string, kind: string): void {
		this.others.push({ tag, kind });
	}

	series(tag: string): [number, number][] {
		return this.scalars.filter((s) => s.tag === tag).map((s) => [s.step, s.value]);
	}
}

/** A growing file read by ranges, recording every request. */
export class GrowingFile implements RangeReader {
	data: Uint8Array = new Uint8Array(0);
	generation = 'g1';
	readonly requests: { offset: number; maxBytes: number | undefined }[] = [];
	bytesServed = 0;

	constructor(initial?: Uint8Array) {
		if (initial) {
			this.data = initial;
		}
	}

	append(bytes: Uint8Array): void {
		this.data = concat(this.data, bytes);
	}

	read(offset: number, _signal?: AbortSignal, maxBytes?: number): Promise<RangeRead> {
		this.requests.push({ offset, maxBytes });
		const bytes = this.data.slice(offset, maxBytes === undefined ? undefined : offset + maxBytes);
		this.bytesServed += bytes.length;
		return Promise.resolve({ bytes, size: this.data.length, generation: this.generation });
	}
}

export function points(columns: SeriesColumns | undefined): [number, number][] {
	return columns ? Array.from(columns.steps, (step, i) => [step, columns.values[i]]) : [];
}
