import * as assert from 'node:assert/strict';
import { bytesPerPoint, packColumns, unpackColumns } from '../../../../src/core/metrics/binary';
import { SeriesColumns } from '../../../../src/core/metrics/SeriesColumns';

const series = (n: number) =>
	SeriesColumns.fromPoints(Array.from({ length: n }, (_, i) => ({ step: i * 10, timestamp: 1_700_000_000_000 + i * 1234, value: Math.sin(i) })));

describe('binary metric transport', () => {
	it('round-trips steps, timestamps and values exactly', () => {
		const source = series(1000);
		const buffer = packColumns(source);
		assert.equal(buffer.byteLength, 1000 * bytesPerPoint);
		const { steps, timestamps, values } = unpackColumns(buffer, 1000);
		assert.deepEqual(Array.from(steps), Array.from(source.steps));
		assert.deepEqual(Array.from(timestamps), Array.from(source.timestamps));
		assert.deepEqual(Array.from(values), Array.from(source.values));
	});

	it('keeps NaN, infinities and negative zero', () => {
		const source = SeriesColumns.fromPoints([
			{ step: 0, timestamp: 1, value: NaN },
			{ step: 1, timestamp: 2, value: Infinity },
			{ step: 2, timestamp: 3, value: -Infinity },
			{ step: 3, timestamp: 4, value: -0 },
		]);
		const { values } = unpackColumns(packColumns(source), 4);
		assert.ok(Number.isNaN(values[0]));
		assert.equal(values[1], Infinity);
		assert.equal(values[2], -Infinity);
		assert.ok(Object.is(values[3], -0));
	});

	it('packs a slice (the new points of an append) into a buffer of exactly that size', () => {
		const source = series(50);
		const buffer = packColumns(source, 40);
		assert.equal(buffer.byteLength, 10 * bytesPerPoint);
		assert.deepEqual(Array.from(unpackColumns(buffer, 10).steps), Array.from(source.steps.subarray(40)));
	});

	it('packs an empty series', () => {
		assert.equal(packColumns(new SeriesColumns()).byteLength, 0);
		assert.equal(unpackColumns(new ArrayBuffer(0), 0).values.length, 0);
	});

	it('rejects a buffer whose size does not match the count, and bad counts', () => {
		assert.throws(() => unpackColumns(new ArrayBuffer(24 * 3), 2), RangeError);
		assert.throws(() => unpackColumns(new ArrayBuffer(24), 1.5), RangeError);
		assert.throws(() => unpackColumns(new ArrayBuffer(0), -1), RangeError);
		assert.throws(() => packColumns(series(5), 3, 9), RangeError);
	});

	it('unpacks as views of the buffer, without copying', () => {
		const buffer = packColumns(series(10));
		const { values } = unpackColumns(buffer, 10);
		assert.equal(values.buffer, buffer);
	});
});
