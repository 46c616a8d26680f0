import type { MetricPoint } from '../backends/types';

/**
 * A metric history in drawing order: by step, then by timestamp, with ties kept in the order the
 * service returned them (Array.prototype.sort is stable). The step is not a list index: a v1
 * `log_list` arrives as many points under one key, all at step 0, and must stay in logging order.
 * Returns the same array when it is already in order, which is the usual case and costs one pass.
 */
export function orderHistory(points: MetricPoint[]): MetricPoint[] {
	for (let i = 1; i < points.length; i++) {
		if (comparePoints(points[i - 1], points[i]) > 0) {
			return [...points].sort(comparePoints);
		}
	}
	return points;
}

function comparePoints(a: MetricPoint, b: MetricPoint): number {
	return a.step - b.step || a.timestamp - b.timestamp;
}
