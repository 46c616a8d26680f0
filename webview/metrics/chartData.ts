// Pure shaping of chart data: which lines a chart draws, their x extent, smoothing, decimation to
// chart.js points and the y range. The drawing (ChartCard.ts) only hands the result to chart.js.
import { decimateMinMax } from '../../src/core/metrics/decimation';
import { smoothTwema } from '../../src/core/metrics/smoothing';
import type { StoredSeries } from './seriesStore';

export interface Range {
	readonly min: number;
	readonly max: number;
}

/** One line of a chart: a run's raw values, or their smoothed version. */
export interface Line {
	readonly series: StoredSeries;
	readonly smoothed: boolean;
	/** The raw line drawn faintly behind its smoothed version. */
	readonly faint: boolean;
}

/** A point as chart.js draws it (parsing off); `i` is the index in the PlotSeries, for the tooltip. */
export interface ChartPoint {
	x: number;
	y: number;
	i: number;
}

/** With smoothing on, each run is drawn twice: raw (faint) behind smoothed. */
export function linesFor(series: readonly StoredSeries[], smoothing: number): Line[] {
	return series.flatMap((s): Line[] =>
		smoothing > 0 ? [{ series: s, smoothed: false, faint: true }, { series: s, smoothed: true, faint: false }] : [{ series: s, smoothed: false, faint: false }],
	);
}

/** The x range covered by all the series (x is ascending within each). */
export function xExtent(series: readonly StoredSeries[]): Range | undefined {
	let min = Infinity;
	let max = -Infinity;
	for (const { plot } of series) {
		if (plot.length > 0) {
			min = Math.min(min, plot.x[0]);
			max = Math.max(max, plot.x[plot.length - 1]);
		}
	}
	if (min > max) {
		return undefined;
	}
	// A single x still needs a visible range.
	return min === max ? { min: min - 1, max: max + 1 } : { min, max };
}

/** Smoothed values per series, recomputed only when the series, the slider or the chart's x range changed. */
export class SmoothingCache {
	private readonly cache = new WeakMap<StoredSeries, { revision: number; smoothing: number; range: number; values: Float64Array }>();

	values(series: StoredSeries, smoothing: number, rangeOfX: number): Float64Array {
		const hit = this.cache.get(series);
		if (hit && hit.revision === series.revision && hit.smoothing === smoothing && hit.range === rangeOfX) {
			return hit.values;
		}
		const values = smoothTwema(series.plot.x, series.plot.y, smoothing, rangeOfX);
		this.cache.set(series, { revision: series.revision, smoothing, range: rangeOfX, values });
		return values;
	}
}

/**
 * The points of a line to hand chart.js for a view of [range.min, range.max] that is `pixels`
 * wide, and the y range they cover inside the view.
 */
export function decimateLine(x: Float64Array, y: Float64Array, range: Range, pixels: number, logScale: boolean): { points: ChartPoint[]; yMin: number; yMax: number } {
	const { indices, count, yMin, yMax } = decimateMinMax(x, y, range.min, range.max, pixels, { positiveOnly: logScale });
	const points = new Array<ChartPoint>(count);
	for (let k = 0; k < count; k++) {
		const i = indices[k];
		points[k] = { x: x[i], y: y[i], i };
	}
	return { points, yMin, yMax };
}

/** A y range with a margin, so lines do not touch the chart's edges; multiplicative on a log scale. */
export function paddedRange(min: number, max: number, logScale: boolean): Range | undefined {
	if (!Number.isFinite(min) || !Number.isFinite(max)) {
		return undefined;
	}
	if (logScale) {
		const low = Math.log10(min);
		const high = Math.log10(max);
		const pad = Math.max((high - low) * 0.05, 0.05);
		return { min: 10 ** (low - pad), max: 10 ** (high + pad) };
	}
	const pad = max > min ? (max - min) * 0.05 : Math.abs(max) * 0.05 || 1;
	return { min: min - pad, max: max + pad };
}

/** The radius a point is drawn with when no line reaches it: it has no finite neighbour on either side. */
export const isolatedPointRadius = 3;

/**
 * Per drawn point, its radius: 0 where the line shows it, `isolatedPointRadius` for a point with no
 * finite value before or after it (a metric logged once, or one value between gaps), which a line
 * alone would not draw at all.
 */
export function pointRadii(points: readonly ChartPoint[], y: Float64Array): number[] {
	const finite = (i: number) => i >= 0 && i < y.length && Number.isFinite(y[i]);
	return points.map(({ i }) => (finite(i - 1) || finite(i + 1) ? 0 : isolatedPointRadius));
}

/** The value a chart's header shows: the one value of a metric logged once by its only run. */
export function singleValue(lines: readonly Line[]): number | undefined {
	const raw = lines.filter((l) => !l.smoothed);
	return raw.length === 1 && raw[0].series.plot.length === 1 ? raw[0].series.plot.y[0] : undefined;
}
