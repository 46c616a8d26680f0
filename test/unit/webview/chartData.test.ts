import * as assert from 'node:assert/strict';
import { isolatedPointRadius, pointRadii, singleValue, type ChartPoint, type Line } from '../../../webview/metrics/chartData';

const drawn = (y: Float64Array): ChartPoint[] => Array.from(y, (value, i) => ({ x: i, y: value, i })).filter((p) => Number.isFinite(p.y));
const lineOf = (y: number[], smoothed = false): Line => ({ series: { plot: { length: y.length, y: Float64Array.from(y) } } as unknown as Line['series'], smoothed, faint: false });

describe('chart data: points no line reaches', () => {
	it('draws a metric logged once as a point', () => {
		const y = Float64Array.from([0.001]);
		assert.deepEqual(pointRadii(drawn(y), y), [isolatedPointRadius]);
	});

	it('draws a point alone between gaps as a point, and leaves points on a line to the line', () => {
		const y = Float64Array.from([1, 2, NaN, 3, NaN, NaN, 4, 5]);
		assert.deepEqual(pointRadii(drawn(y), y), [0, 0, isolatedPointRadius, 0, 0]);
	});

	it('shows the value of a metric its only run logged once in the header', () => {
		assert.equal(singleValue([lineOf([0.5])]), 0.5);
		assert.equal(singleValue([lineOf([0.5, 0.4])]), undefined);
		assert.equal(singleValue([lineOf([0.5]), lineOf([0.7])]), undefined);
		assert.equal(singleValue([lineOf([0.5]), lineOf([0.5], true)]), 0.5);
	});
});
