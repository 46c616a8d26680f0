import type { SeriesColumns } from './SeriesColumns';

/** What the x axis shows: the step (the logging index for a `log_list`), seconds since the run started, or the clock. */
export type XAxisMode = 'step' | 'relative' | 'wall';

/**
 * A series as a chart draws it: x ascending (which decimation and chart.js's binary searches need),
 * y at the same index. Points are drawn in step order, so x is usually ascending already; when
 * the x axis is time and a run logged steps out of time order, the points are reordered by time
 * and `sourceIndex` maps a drawn point back to its step and timestamp.
 *
 * Appending to the columns and calling `update()` extends x in place, so a live update costs the
 * new points only; a change that cannot be appended (the series stops being a list, a point lands
 * before the last one) rebuilds.
 */
export class PlotSeries {
	private xData = new Float64Array(0);
	/** Only when reordered: y in drawing order, and the column index of each drawn point. */
	private reordered: { y: Float64Array; source: Uint32Array } | undefined;
	private count = 0;
	private allStepsZero = true;

	constructor(
		readonly columns: SeriesColumns,
		private mode: XAxisMode,
		/** Epoch ms that relative time counts from. */
		private originMs: number,
	) {
		this.rebuild();
	}

	get length(): number {
		return this.count;
	}

	get x(): Float64Array {
		return this.xData.subarray(0, this.count);
	}

	get y(): Float64Array {
		return this.reordered ? this.reordered.y.subarray(0, this.count) : this.columns.values;
	}

	/** A `log_list` (every step 0): the step axis shows the logging index. */
	get loggedAsList(): boolean {
		return this.allStepsZero && this.count >= 2;
	}

	/** The column index (step, timestamp) of drawn point i. */
	sourceIndex(i: number): number {
		return this.reordered ? this.reordered.source[i] : i;
	}

	setAxis(mode: XAxisMode, originMs: number): void {
		if (mode !== this.mode || (mode === 'relative' && originMs !== this.originMs)) {
			this.mode = mode;
			this.originMs = originMs;
			this.rebuild();
		}
	}

	/** Brings x up to date after points were appended to the columns. */
	update(): 'appended' | 'rebuilt' {
		const from = this.count;
		const to = this.columns.length;
		const allZero = this.allStepsZero && allEqualZero(this.columns.steps, from, to);
		// A list that gets a real step is not a list any more: every x changes. So does a reordered series.
		const listEnds = this.mode === 'step' && this.allStepsZero && from >= 2 && !allZero;
		if (to < from || this.reordered || listEnds) {
			this.rebuild();
			return 'rebuilt';
		}
		this.allStepsZero = allZero;
		this.reserve(to);
		if (!this.fillX(from, to)) {
			this.rebuild();
			return 'rebuilt';
		}
		this.count = to;
		return 'appended';
	}

	private rebuild(): void {
		const length = this.columns.length;
		this.allStepsZero = allEqualZero(this.columns.steps, 0, length);
		this.xData = new Float64Array(Math.max(length, 16));
		const sorted = this.fillX(0, length);
		this.count = length;
		this.reordered = sorted ? undefined : this.sortByX(length);
	}

	/** Writes x of points [from, to); false when they are not in ascending order. */
	private fillX(from: number, to: number): boolean {
		const x = this.xData;
		const { steps, timestamps } = this.columns;
		const asList = this.mode === 'step' && this.allStepsZero && to >= 2;
		let previous = from > 0 ? x[from - 1] : -Infinity;
		let sorted = true;
		for (let i = from; i < to; i++) {
			const value = this.mode === 'step' ? (asList ? i : steps[i]) : this.mode === 'relative' ? (timestamps[i] - this.originMs) / 1000 : timestamps[i];
			x[i] = value;
			sorted &&= value >= previous;
			previous = value;
		}
		return sorted;
	}

	/** A stable reorder by x (ties keep step order). */
	private sortByX(length: number): { y: Float64Array; source: Uint32Array } {
		const x = this.xData;
		const source = new Uint32Array(length).map((_, i) => i);
		source.sort((a, b) => x[a] - x[b] || a - b);
		const sortedX = new Float64Array(x.length);
		const y = new Float64Array(length);
		const values = this.columns.values;
		for (let i = 0; i < length; i++) {
			sortedX[i] = x[source[i]];
			y[i] = values[source[i]];
		}
		this.xData = sortedX;
		return { y, source };
	}

	private reserve(capacity: number): void {
		if (capacity > this.xData.length) {
			const next = new Float64Array(Math.max(capacity, this.xData.length * 2));
			next.set(this.xData.subarray(0, this.count));
			this.xData = next;
		}
	}
}

function allEqualZero(steps: Float64Array, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		if (steps[i] !== 0) {
			return false;
		}
	}
	return true;
}
