import type { SeriesColumns } from './SeriesColumns';

/** Bytes per point on the wire: step, timestamp and value as float64. */
export const bytesPerPoint = 24;

export interface ColumnViews {
	readonly steps: Float64Array;
	readonly timestamps: Float64Array;
	readonly values: Float64Array;
}

/**
 * Packs points [from, to) of a series into one ArrayBuffer laid out column after column
 * (steps, then timestamps, then values). Webview.postMessage moves an ArrayBuffer as bytes, where a
 * number list would go through JSON, and the receiver reads the columns as views without copying.
 * The buffer is exactly the packed size: postMessage sends a whole buffer, never a view's slice.
 */
export function packColumns(series: SeriesColumns, from = 0, to = series.length): ArrayBuffer {
	const count = to - from;
	if (from < 0 || count < 0 || to > series.length) {
		throw new RangeError(`Cannot pack points ${from}..${to} of a series of ${series.length}`);
	}
	const buffer = new ArrayBuffer(count * bytesPerPoint);
	new Float64Array(buffer, 0, count).set(series.steps.subarray(from, to));
	new Float64Array(buffer, count * 8, count).set(series.timestamps.subarray(from, to));
	new Float64Array(buffer, count * 16, count).set(series.values.subarray(from, to));
	return buffer;
}

/** The columns of a packed buffer, as views into it; throws when the size does not match the count. */
export function unpackColumns(buffer: ArrayBuffer, count: number): ColumnViews {
	if (!Number.isSafeInteger(count) || count < 0 || buffer.byteLength !== count * bytesPerPoint) {
		throw new RangeError(`A packed series of ${String(count)} points needs ${count * bytesPerPoint} bytes, got ${buffer.byteLength}`);
	}
	return {
		steps: new Float64Array(buffer, 0, count),
		timestamps: new Float64Array(buffer, count * 8, count),
		values: new Float64Array(buffer, count * 16, count),
	};
}
