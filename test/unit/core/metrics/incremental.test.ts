import * as assert from 'node:assert/strict';
import type { MetricPoint } from '../../../../src/core/backends/types';
import { compareHistory } from '../../../../src/core/metrics/incremental';
import { SeriesColumns } from '../../../../src/core/metrics/SeriesColumns';

const history = (n: number, from = 0): MetricPoint[] => Array.from({ length: n - from }, (_, i) => ({ step: from + i, timestamp: 1000 + from + i, value: 1 / (1 + from + i) }));

describe('incremental metric updates', () => {
	it('appends the points after the shown ones', () => {
		const shown = SeriesColumns.fromPoints(history(5));
		const change = compareHistory(shown, history(8));
		assert.deepEqual(change, { kind: 'append', from: 5 });
		shown.appendPoints(history(8), 5);
		assert.deepEqual(Array.from(shown.steps), [0, 1, 2, 3, 4, 5, 6, 7]);
		assert.deepEqual(shown.point(7), history(8)[7]);
	});

	it('sees nothing new in the same history', () => {
		assert.deepEqual(compareHistory(SeriesColumns.fromPoints(history(5)), history(5)), { kind: 'unchanged' });
	});

	it('appends to an empty series', () => {
		assert.deepEqual(compareHistory(new SeriesColumns(), history(3)), { kind: 'append', from: 0 });
	});

	it('replaces when the history got shorter (rewritten)', () => {
		assert.deepEqual(compareHistory(SeriesColumns.fromPoints(history(5)), history(3)), { kind: 'replace' });
	});

	it('replaces when a point landed before the end (an earlier step logged late)', () => {
		const shown = SeriesColumns.fromPoints(history(5));
		const late = [...history(5)];
		late.splice(2, 0, { step: 1, timestamp: 5000, value: 9 });
		assert.deepEqual(compareHistory(shown, late), { kind: 'replace' });
	});

	it('replaces when the first point changed', () => {
		const shown = SeriesColumns.fromPoints(history(5));
		const changed = history(6);
		changed[0] = { ...changed[0], value: 42 };
		assert.deepEqual(compareHistory(shown, changed), { kind: 'replace' });
	});

	it('treats NaN values as equal to themselves', () => {
		const points = [{ step: 0, timestamp: 1, value: NaN }];
		assert.deepEqual(compareHistory(SeriesColumns.fromPoints(points), [...points, { step: 1, timestamp: 2, value: 1 }]), { kind: 'append', from: 1 });
	});

	it('grows its columns across many appends without losing points', () => {
		const series = new SeriesColumns();
		const all = history(1000);
		for (let n = 0; n < 1000; n += 37) {
			series.appendPoints(all.slice(0, Math.min(1000, n + 37)), n);
		}
		assert.equal(series.length, 1000);
		assert.deepEqual(Array.from(series.values), all.map((p) => p.value));
	});

	it('refuses to wrap columns of different lengths', () => {
		assert.throws(() => SeriesColumns.wrap(new Float64Array(2), new Float64Array(2), new Float64Array(3)), /differ in length/);
	});
});
