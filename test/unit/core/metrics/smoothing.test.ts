import * as assert from 'node:assert/strict';
import { smoothTwema } from '../../../../src/core/metrics/smoothing';
import { countedReads } from './countedReads';

const range = (n: number, step = 1) => Float64Array.from({ length: n }, (_, i) => i * step);

describe('TWEMA smoothing', () => {
	it('is the identity at smoothing 0', () => {
		const y = Float64Array.from([3, 1, 4, 1, 5]);
		assert.deepEqual(Array.from(smoothTwema(range(5), y, 0, 4)), Array.from(y));
	});

	it('is debiased: a constant series stays constant from the first point', () => {
		const y = new Float64Array(100).fill(7);
		for (const v of smoothTwema(range(100), y, 0.9, 99)) {
			assert.ok(Math.abs(v - 7) < 1e-12, String(v));
		}
	});

	it('matches the debiased EMA with the per-gap weight', () => {
		const x = range(4);
		const y = Float64Array.from([1, 2, 3, 4]);
		const smoothing = 0.64;
		const decay = Math.sqrt(smoothing) ** (1000 / 3);
		let average = 0;
		let debias = 0;
		const expected = Array.from(y, (v) => {
			average = average * decay + v;
			debias = debias * decay + 1;
			return average / debias;
		});
		const actual = Array.from(smoothTwema(x, y, smoothing, 3));
		actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${v} vs ${expected[i]}`));
	});

	it('smooths the same on the same x range however dense the series', () => {
		// A step function at x = 50, sampled at 1,001 and at 100,001 points over [0, 100].
		const sparse = range(1001, 0.1);
		const dense = range(100_001, 0.001);
		const step = (x: Float64Array) => x.map((v) => (v < 50 ? 0 : 1));
		const a = smoothTwema(sparse, step(sparse), 0.9, 100);
		const b = smoothTwema(dense, step(dense), 0.9, 100);
		// Compare at x = 51: index 510 in the sparse series, 51,000 in the dense one.
		assert.ok(Math.abs(a[510] - b[51_000]) < 0.05, `${a[510]} vs ${b[51_000]}`);
		assert.ok(a[510] > 0.05 && a[510] < 0.95, 'visibly smoothed, neither raw nor flat');
	});

	it('stays within the range of the raw values and leaves non-finite values as gaps', () => {
		const y = Float64Array.from([1, NaN, 3, Infinity, 2, 5]);
		const out = smoothTwema(range(6), y, 0.8, 5);
		assert.ok(Number.isNaN(out[1]) && Number.isNaN(out[3]));
		for (const i of [0, 2, 4, 5]) {
			assert.ok(out[i] >= 1 && out[i] <= 5, String(out[i]));
		}
	});

	it('averages points at the same x without decay', () => {
		const out = smoothTwema(new Float64Array(3), Float64Array.from([1, 2, 3]), 0.9, 0);
		assert.deepEqual(Array.from(out), [1, 1.5, 2]);
	});

	it('smooths in one linear pass: a few reads of each point, however long the series (bench/chart.ts measures speed)', () => {
		const n = 100_000;
		const x = countedReads(range(n));
		const y = countedReads(range(n).map((v) => Math.sin(v / 1000)));
		smoothTwema(x.array, y.array, 0.9, n - 1);
		assert.ok(x.reads() <= 3 * n, `${x.reads()} reads of x for ${n} points`);
		assert.ok(y.reads() <= 2 * n, `${y.reads()} reads of y for ${n} points`);
	});
});
