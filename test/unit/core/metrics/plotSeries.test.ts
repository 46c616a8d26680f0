import * as assert from 'node:assert/strict';
import type { MetricPoint } from '../../../../src/core/backends/types';
import { PlotSeries } from '../../../../src/core/metrics/PlotSeries';
import { SeriesColumns } from '../../../../src/core/metrics/SeriesColumns';

const t0 = 1_700_000_000_000;
const columns = (points: [step: number, secondsAfterT0: number, value: number][]) =>
	SeriesColumns.fromPoints(points.map(([step, s, value]): MetricPoint => ({ step, timestamp: t0 + s * 1000, value })));

describe('x axis of a plotted series', () => {
	it('uses the step on the step axis', () => {
		const series = new PlotSeries(columns([[0, 0, 1], [10, 5, 2], [20, 9, 3]]), 'step', t0);
		assert.deepEqual(Array.from(series.x), [0, 10, 20]);
		assert.deepEqual(Array.from(series.y), [1, 2, 3]);
	});

	it('draws a list (every step 0) in logging order, x = index', () => {
		const series = new PlotSeries(columns([[0, 0, 5], [0, 0, 3], [0, 0, 9]]), 'step', t0);
		assert.deepEqual(Array.from(series.x), [0, 1, 2]);
		assert.deepEqual(Array.from(series.y), [5, 3, 9]);
		assert.equal(series.loggedAsList, true);
		assert.equal(new PlotSeries(columns([[0, 0, 5]]), 'step', t0).loggedAsList, false, 'one point is not a list');
		assert.equal(new PlotSeries(columns([[0, 0, 5], [1, 0, 3]]), 'step', t0).loggedAsList, false);
	});

	it('uses seconds since the origin on the relative axis and the epoch ms on the wall axis', () => {
		const c = columns([[0, 0, 1], [1, 2.5, 2]]);
		assert.deepEqual(Array.from(new PlotSeries(c, 'relative', t0 - 10_000).x), [10, 12.5]);
		assert.deepEqual(Array.from(new PlotSeries(c, 'wall', 0).x), [t0, t0 + 2500]);
	});

	it('reorders by time when steps were logged out of time order, and maps back to the source point', () => {
		// A run resumed from a checkpoint logs steps 2..3 again after step 5.
		const c = columns([[1, 1, 10], [2, 2, 20], [2, 7, 21], [3, 8, 31], [5, 5, 50]]);
		const series = new PlotSeries(c, 'relative', t0);
		assert.deepEqual(Array.from(series.x), [1, 2, 5, 7, 8]);
		assert.deepEqual(Array.from(series.y), [10, 20, 50, 21, 31]);
		assert.equal(c.steps[series.sourceIndex(2)], 5);
		series.setAxis('step', t0);
		assert.deepEqual(Array.from(series.x), [1, 2, 2, 3, 5]);
		assert.equal(series.sourceIndex(2), 2);
	});

	it('extends x in place when points are appended', () => {
		const c = columns([[0, 0, 1], [1, 1, 2]]);
		const series = new PlotSeries(c, 'step', t0);
		const before = series.x.buffer;
		c.appendColumns(new Float64Array([2, 3]), new Float64Array([t0 + 2000, t0 + 3000]), new Float64Array([3, 4]));
		assert.equal(series.update(), 'appended');
		assert.deepEqual(Array.from(series.x), [0, 1, 2, 3]);
		assert.deepEqual(Array.from(series.y), [1, 2, 3, 4]);
		assert.equal(series.x.buffer, before, 'no reallocation while capacity lasts');
	});

	it('keeps appending to a list while the new points are at step 0 too', () => {
		const c = columns([[0, 0, 1], [0, 0, 2]]);
		const series = new PlotSeries(c, 'step', t0);
		c.appendColumns(new Float64Array([0]), new Float64Array([t0]), new Float64Array([3]));
		assert.equal(series.update(), 'appended');
		assert.deepEqual(Array.from(series.x), [0, 1, 2]);
	});

	it('rebuilds when a list gets a real step: every x changes', () => {
		const c = columns([[0, 0, 1], [0, 0, 2]]);
		const series = new PlotSeries(c, 'step', t0);
		c.appendColumns(new Float64Array([5]), new Float64Array([t0 + 1]), new Float64Array([3]));
		assert.equal(series.update(), 'rebuilt');
		assert.deepEqual(Array.from(series.x), [0, 0, 5]);
	});

	it('a single point at step 0 followed by real steps stays in step mode', () => {
		const c = columns([[0, 0, 1]]);
		const series = new PlotSeries(c, 'step', t0);
		c.appendColumns(new Float64Array([1, 2]), new Float64Array([t0 + 1, t0 + 2]), new Float64Array([2, 3]));
		assert.equal(series.update(), 'appended');
		assert.deepEqual(Array.from(series.x), [0, 1, 2]);
	});

	it('rebuilds when an appended point is earlier on the time axis than the last one', () => {
		const c = columns([[0, 10, 1], [1, 20, 2]]);
		const series = new PlotSeries(c, 'wall', 0);
		c.appendColumns(new Float64Array([2]), new Float64Array([t0 + 15_000]), new Float64Array([3]));
		assert.equal(series.update(), 'rebuilt');
		assert.deepEqual(Array.from(series.y), [1, 3, 2]);
	});

	it('follows a change of origin on the relative axis', () => {
		const series = new PlotSeries(columns([[0, 10, 1]]), 'relative', t0);
		series.setAxis('relative', t0 + 5_000);
		assert.deepEqual(Array.from(series.x), [5]);
	});
});
