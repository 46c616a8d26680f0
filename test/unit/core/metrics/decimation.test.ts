import * as assert from 'node:assert/strict';
import { decimateMinMax, lowerBound, upperBound } from '../../../../src/core/metrics/decimation';
import { countedReads } from './countedReads';

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i);
const chosen = (r: { indices: Uint32Array; count: number }) => Array.from(r.indices.subarray(0, r.count));

describe('min-max decimation', () => {
	it('keeps every drawable point when there are few', () => {
		const x = range(10);
		const r = decimateMinMax(x, x.map((v) => v * 2), 0, 9, 100);
		assert.deepEqual(chosen(r), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		assert.equal(r.yMin, 0);
		assert.equal(r.yMax, 18);
	});

	it('draws at most four points per pixel column plus the neighbours of the view', () => {
		const n = 1_000_000;
		const x = range(n);
		const y = x.map((v) => Math.sin(v / 50) + (v % 7) / 10);
		const r = decimateMinMax(x, y, 0, n - 1, 800);
		assert.ok(r.count <= 4 * 800 + 8, String(r.count));
		assert.ok(r.count > 800, 'every column is represented');
		const indices = chosen(r);
		assert.ok(indices.every((v, i) => i === 0 || v > indices[i - 1]), 'ascending, no repeats');
	});

	it('keeps a single spike among a million points', () => {
		const n = 1_000_000;
		const x = range(n);
		const y = new Float64Array(n).fill(1);
		y[654_321] = 1000;
		y[123_456] = -50;
		const r = decimateMinMax(x, y, 0, n - 1, 500);
		assert.ok(chosen(r).includes(654_321));
		assert.ok(chosen(r).includes(123_456));
		assert.equal(r.yMax, 1000);
		assert.equal(r.yMin, -50);
	});

	it('decimates only the part in view, with one point either side so the line reaches the edges', () => {
		const x = range(1000);
		const r = decimateMinMax(x, x, 100.5, 200.5, 1000);
		const indices = chosen(r);
		assert.equal(indices[0], 100);
		assert.equal(indices.at(-1), 201);
		assert.equal(r.yMin, 101, 'y range counts only points inside the view');
		assert.equal(r.yMax, 200);
	});

	it('skips values that cannot be drawn: non-finite, and ≤ 0 on a log scale', () => {
		const x = range(6);
		const y = Float64Array.from([1, NaN, -1, 0, Infinity, 2]);
		assert.deepEqual(chosen(decimateMinMax(x, y, 0, 5, 100)), [0, 2, 3, 5]);
		assert.deepEqual(chosen(decimateMinMax(x, y, 0, 5, 100, { positiveOnly: true })), [0, 5]);
	});

	it('gives NaN bounds when nothing in view can be drawn', () => {
		const r = decimateMinMax(range(3), Float64Array.from([NaN, NaN, NaN]), 0, 2, 10);
		assert.equal(r.count, 0);
		assert.ok(Number.isNaN(r.yMin) && Number.isNaN(r.yMax));
	});

	it('decimates in one linear pass: a few reads of each point, however long the series (bench/chart.ts measures speed)', () => {
		const n = 100_000;
		const x = countedReads(range(n));
		const y = countedReads(range(n).map((v) => Math.sin(v)));
		decimateMinMax(x.array, y.array, 0, n - 1, 1000);
		assert.ok(x.reads() <= 2 * n, `${x.reads()} reads of x for ${n} points`);
		assert.ok(y.reads() <= 4 * n, `${y.reads()} reads of y for ${n} points`);
	});

	it('binary-searches the bounds of the view, duplicates included', () => {
		const x = Float64Array.from([0, 1, 1, 1, 2]);
		assert.equal(lowerBound(x, 5, 1), 1);
		assert.equal(upperBound(x, 5, 1), 4);
		assert.equal(lowerBound(x, 5, 5), 5);
		assert.equal(upperBound(x, 5, -1), 0);
	});
});
