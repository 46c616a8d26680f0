import * as assert from 'node:assert/strict';
import type { MetricPoint } from '../../../../src/core/backends/types';
import { orderHistory } from '../../../../src/core/metrics/ordering';

const p = (step: number, timestamp: number, value: number): MetricPoint => ({ step, timestamp, value });

describe('metric history ordering', () => {
	it('orders by step, then by timestamp', () => {
		const ordered = orderHistory([p(2, 10, 0.2), p(1, 30, 0.1), p(1, 20, 0.11), p(0, 40, 0)]);
		assert.deepEqual(ordered, [p(0, 40, 0), p(1, 20, 0.11), p(1, 30, 0.1), p(2, 10, 0.2)]);
	});

	it('keeps the response order for points with the same step and timestamp', () => {
		// A v1 log_list sent as one log_batch: every entry at step 0 and the same time.
		const list = [5, 3, 9, 1, 7].map((v) => p(0, 1000, v));
		assert.deepEqual(orderHistory([...list]).map((x) => x.value), [5, 3, 9, 1, 7]);
	});

	it('orders a list logged over time by time, not by value or step', () => {
		const list = [p(0, 3, 30), p(0, 1, 10), p(0, 2, 20)];
		assert.deepEqual(orderHistory(list).map((x) => x.value), [10, 20, 30]);
	});

	it('returns the same array when it is already in order', () => {
		const points = [p(0, 1, 1), p(1, 2, 2), p(1, 2, 3)];
		assert.equal(orderHistory(points), points);
	});

	it('does not change its input when it has to sort', () => {
		const points = [p(2, 1, 1), p(1, 1, 1)];
		orderHistory(points);
		assert.deepEqual(points, [p(2, 1, 1), p(1, 1, 1)]);
	});
});
