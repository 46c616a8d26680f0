import * as assert from 'node:assert/strict';
import { maskedCrc32c, maskedCrc32cAt } from '../../../../src/core/tfevents/crc32c';
import { EventDecoder, halfToNumber } from '../../../../src/core/tfevents/eventDecoder';
import { WireError } from '../../../../src/core/tfevents/wire';
import {
	concat,
	fieldBytes,
	fieldDouble,
	fieldFloat,
	fieldString,
	fieldVarint,
	float32Bytes,
	float64Bytes,
	hex,
	RecordingSink,
	scalarsMetadata,
	summaryEvent,
} from './eventBytes';

// Records 0 and 3 of a real Keras validation file (deploy-register-tensorboard.md §4.6).
const record0Payload = hex('090000c09bb030d9411a0d627261696e2e4576656e743a3252240a2274656e736f72666c6f772e636f72652e7574696c2e6576656e74735f777269746572');
const record3Payload = hex('095af6009cb030d9412a270a250a0a65706f63685f6c6f7373420a080112002204a15bda3e4a0b0a090a077363616c617273');

function decode(payload: Uint8Array): RecordingSink {
	const sink = new RecordingSink();
	new EventDecoder(sink).decode(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
	return sink;
}

function leU32(bytes: Uint8Array): number {
	return new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
}

describe('tfevents: CRC and Event decoding', () => {
	it('computes the masked CRC-32C that a real Keras file stores for a length and for its data', () => {
		assert.equal(maskedCrc32c(hex('3e00000000000000')), leU32(hex('d9d240e7')));
		assert.equal(maskedCrc32c(record0Payload), leU32(hex('3105e930')));
		assert.equal(maskedCrc32c(hex('3200000000000000')), leU32(hex('241956ec')));
		assert.equal(maskedCrc32c(record3Payload), leU32(hex('2d9915b4')));
	});

	it('computes the same CRC over a range of a larger buffer, as the framer checks lengths in place', () => {
		const framed = hex('0000003e00000000000000d9d240e70000');
		assert.equal(maskedCrc32cAt(framed, 3, 11), leU32(hex('d9d240e7')));
		const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
		for (const [start, end] of [[0, 0], [0, 1], [5, 13], [7, 300], [0, 300]]) {
			assert.equal(maskedCrc32cAt(data, start, end), maskedCrc32c(data.subarray(start, end)), `${start}..${end}`);
		}
	});

	it('reads a TF2 tensor-encoded scalar whose step 0 is omitted on the wire, and nothing from a file_version event', () => {
		assert.deepEqual(decode(record0Payload).scalars, []);
		const sink = decode(record3Payload);
		assert.equal(sink.scalars.length, 1);
		const [scalar] = sink.scalars;
		assert.equal(scalar.tag, 'epoch_loss');
		assert.equal(scalar.step, 0);
		assert.equal(scalar.wallTime, 1690485360.015036);
		assert.equal(scalar.value, Math.fround(0.42648032));
		assert.deepEqual(sink.others, []);
	});

	it('reads scalars in every encoding writers use: simple_value, float_val, double_val, tensor_content f32/f64/f16', () => {
		const f16 = new Uint8Array([0x00, 0x3e]); // 1.5 as IEEE half
		const cases: [string, Uint8Array[], number][] = [
			['simple', [fieldFloat(2, 0.25)], 0.25],
			['float_val packed', [fieldBytes(8, fieldVarint(1, 1), fieldBytes(5, float32Bytes(0.5))), scalarsMetadata], 0.5],
			['float_val unpacked', [fieldBytes(8, fieldVarint(1, 1), fieldFloat(5, 0.75)), scalarsMetadata], 0.75],
			['double_val', [fieldBytes(8, fieldVarint(1, 2), fieldBytes(6, float64Bytes(0.1))), scalarsMetadata], 0.1],
			['double_val unpacked', [fieldBytes(8, fieldVarint(1, 2), fieldDouble(6, 0.2)), scalarsMetadata], 0.2],
			['content f32', [fieldBytes(8, fieldVarint(1, 1), fieldBytes(2), fieldBytes(4, float32Bytes(2.5))), scalarsMetadata], 2.5],
			['content f64', [fieldBytes(8, fieldVarint(1, 2), fieldBytes(4, float64Bytes(0.3))), scalarsMetadata], 0.3],
			['content f16', [fieldBytes(8, fieldVarint(1, 19), fieldBytes(4, f16)), scalarsMetadata], 1.5],
			['half_val packed', [fieldBytes(8, fieldVarint(1, 19), fieldBytes(13, hex('807c'))), scalarsMetadata], 1.5],
			['half_val unpacked', [fieldBytes(8, fieldVarint(1, 19), fieldVarint(13, 0x3e00)), scalarsMetadata], 1.5],
			['no plugin, empty shape', [fieldBytes(8, fieldVarint(1, 1), fieldBytes(4, float32Bytes(4)))], 4],
		];
		for (const [name, value, expected] of cases) {
			const sink = decode(summaryEvent(name, 7, 1_700_000_000, ...value));
			assert.deepEqual(sink.scalars, [{ tag: name, step: 7, wallTime: 1_700_000_000, value: expected }], name);
		}
	});

	it('counts non-scalar summaries by tag and kind instead of charting them', () => {
		const histogramTensor = fieldBytes(8, fieldVarint(1, 2), fieldBytes(2, fieldBytes(2, fieldVarint(1, 30)), fieldBytes(2, fieldVarint(1, 3))), fieldBytes(4, new Uint8Array(720)));
		const cases: [Uint8Array, string][] = [
			[summaryEvent('dense/kernel', 1, 1, histogramTensor, fieldBytes(9, fieldBytes(1, fieldString(1, 'histograms')))), 'histograms'],
			[summaryEvent('weights', 1, 1, fieldBytes(5, fieldDouble(1, 0))), 'histograms'],
			[summaryEvent('digits', 1, 1, fieldBytes(4, fieldVarint(1, 28))), 'images'],
			[summaryEvent('notes', 1, 1, fieldBytes(8, fieldVarint(1, 7), fieldBytes(8, fieldString(0, 'x'))), fieldBytes(9, fieldBytes(1, fieldString(1, 'text')))), 'text'],
			[summaryEvent('_hparams_/experiment', 0, 1, fieldBytes(9, fieldBytes(1, fieldString(1, 'hparams')))), 'hparams'],
		];
		for (const [payload, kind] of cases) {
			const sink = decode(payload);
			assert.deepEqual(sink.scalars, [], kind);
			assert.equal(sink.others.length, 1, kind);
			assert.equal(sink.others[0].kind, kind);
		}
		assert.deepEqual(decode(concat(fieldDouble(1, 1), fieldBytes(4, new Uint8Array(10)))).others, [{ tag: 'graph', kind: 'graph' }]);
	});

	it('takes a negative step as the int64 it is, and a multi-byte step exactly', () => {
		assert.equal(decode(concat(fieldVarint(2, -3), fieldBytes(5, fieldBytes(1, fieldString(1, 'x'), fieldFloat(2, 1))))).scalars[0].step, -3);
		assert.equal(decode(concat(fieldVarint(2, 2 ** 40 + 5), fieldBytes(5, fieldBytes(1, fieldString(1, 'x'), fieldFloat(2, 1))))).scalars[0].step, 2 ** 40 + 5);
	});

	it('refuses a payload that is not protobuf with a WireError, not a crash or a wrong value', () => {
		assert.throws(() => decode(hex('0a05616263')), WireError); // a field longer than the message
		assert.throws(() => decode(hex('09000000')), WireError); // a double cut short
		assert.throws(() => decode(hex('0f')), WireError); // wire type 7
	});

	it('names every tag right when a file has more tags than the decoder keeps at hand', () => {
		const sink = new RecordingSink();
		const decoder = new EventDecoder(sink);
		const expected: string[] = [];
		for (let i = 0; i < 100; i++) {
			const tag = i % 3 === 0 ? `layer_${i % 40}/loss` : `métrique_${i % 7}`;
			expected.push(tag);
			const payload = summaryEvent(tag, i, 1, fieldFloat(2, i));
			decoder.decode(payload, new DataView(payload.buffer), 0, payload.length);
		}
		assert.deepEqual(sink.scalars.map((s) => s.tag), expected);
	});

	it('decodes half floats, subnormals and infinities included', () => {
		assert.equal(halfToNumber(0x3c00), 1);
		assert.equal(halfToNumber(0xc000), -2);
		assert.equal(halfToNumber(0x0001), 2 ** -24);
		assert.equal(halfToNumber(0x7c00), Infinity);
		assert.ok(Number.isNaN(halfToNumber(0x7e00)));
	});
});
