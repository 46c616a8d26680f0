import type { MetricPoint } from '../backends/types';

/**
 * One metric history of one run as three growable Float64Array columns. Columns rather than
 * MetricPoint objects because a series may hold 1,000,000 points: 24 bytes each instead of an
 * object each, and they cross to the webview as one ArrayBuffer without conversion.
 */
export class SeriesColumns {
	private stepData: Float64Array;
	private timestampData: Float64Array;
	private valueData: Float64Array;
	private count = 0;

	constructor(capacity = 0) {
		this.stepData = new Float64Array(capacity);
		this.timestampData = new Float64Array(capacity);
		this.valueData = new Float64Array(capacity);
	}

	/** Wraps existing columns without copying (they must not be written to afterwards). */
	static wrap(steps: Float64Array, timestamps: Float64Array, values: Float64Array): SeriesColumns {
		if (steps.length !== timestamps.length || steps.length !== values.length) {
			throw new Error(`Series columns differ in length: ${steps.length}, ${timestamps.length}, ${values.length}`);
		}
		const columns = new SeriesColumns();
		columns.stepData = steps;
		columns.timestampData = timestamps;
		columns.valueData = values;
		columns.count = steps.length;
		return columns;
	}

	static fromPoints(points: readonly MetricPoint[]): SeriesColumns {
		const columns = new SeriesColumns(points.length);
		columns.appendPoints(points, 0);
		return columns;
	}

	get length(): number {
		return this.count;
	}

	get steps(): Float64Array {
		return this.stepData.subarray(0, this.count);
	}

	get timestamps(): Float64Array {
		return this.timestampData.subarray(0, this.count);
	}

	get values(): Float64Array {
		return this.valueData.subarray(0, this.count);
	}

	point(index: number): MetricPoint {
		return { step: this.stepData[index], timestamp: this.timestampData[index], value: this.valueData[index] };
	}

	/** Appends points[from..]; used by the host with a history the diff said extends this one. */
	appendPoints(points: readonly MetricPoint[], from: number): void {
		this.reserve(this.count + points.length - from);
		for (let i = from; i < points.length; i++, this.count++) {
			const point = points[i];
			this.stepData[this.count] = point.step;
			this.timestampData[this.count] = point.timestamp;
			this.valueData[this.count] = point.value;
		}
	}

	/** Appends one point; used by the event-file reader, which decodes points one record at a time. */
	appendPoint(step: number, timestamp: number, value: number): void {
		if (this.count === this.stepData.length) {
			this.reserve(this.count + 1);
		}
		this.stepData[this.count] = step;
		this.timestampData[this.count] = timestamp;
		this.valueData[this.count] = value;
		this.count++;
	}

	/** Appends a chunk of columns; used by the webview with what arrived from the host. */
	appendColumns(steps: Float64Array, timestamps: Float64Array, values: Float64Array): void {
		this.reserve(this.count + steps.length);
		this.stepData.set(steps, this.count);
		this.timestampData.set(timestamps, this.count);
		this.valueData.set(values, this.count);
		this.count += steps.length;
	}

	/** Grows by doubling, so appending n points one poll at a time costs O(n) copies in all. */
	private reserve(capacity: number): void {
		if (capacity <= this.stepData.length) {
			return;
		}
		const size = Math.max(capacity, this.stepData.length * 2, 16);
		this.stepData = grow(this.stepData, size, this.count);
		this.timestampData = grow(this.timestampData, size, this.count);
		this.valueData = grow(this.valueData, size, this.count);
	}
}

function grow(data: Float64Array, size: number, used: number): Float64Array {
	const next = new Float64Array(size);
	next.set(data.subarray(0, used));
	return next;
}
