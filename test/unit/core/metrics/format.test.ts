import * as assert from 'node:assert/strict';
import { formatDuration, formatValue, formatWallTime } from '../../../../src/core/metrics/format';

describe('axis and tooltip labels', () => {
	it('formats durations with the two largest units', () => {
		assert.equal(formatDuration(0), '0s');
		assert.equal(formatDuration(2.54), '2.5s');
		assert.equal(formatDuration(45), '45s');
		assert.equal(formatDuration(200), '3m 20s');
		assert.equal(formatDuration(3900), '1h 05m');
		assert.equal(formatDuration(2 * 86_400 + 3 * 3600 + 59), '2d 3h');
		assert.equal(formatDuration(-90), '-1m 30s');
		assert.equal(formatDuration(NaN), '');
	});

	it('formats wall time as local clock time, with the date when the span is over a day', () => {
		const ms = new Date(2024, 4, 6, 7, 8, 9).getTime();
		assert.equal(formatWallTime(ms, 60_000), '07:08:09');
		assert.equal(formatWallTime(ms, 3 * 86_400_000), '2024-05-06 07:08');
		assert.equal(formatWallTime(NaN, 1), '');
	});

	it('formats values with up to six significant digits', () => {
		assert.equal(formatValue(0.123456789), '0.123457');
		assert.equal(formatValue(2), '2');
		assert.equal(formatValue(0), '0');
		assert.equal(formatValue(1.5e-7), '1.500e-7');
		assert.equal(formatValue(12_345_678), '1.235e+7');
		assert.equal(formatValue(NaN), 'NaN');
	});
});
