/** What to draw of a series for one view of the chart. */
export interface Decimated {
	/** Indices into the series, ascending; `count` of them are used. */
	readonly indices: Uint32Array;
	readonly count: number;
	/** y range of the chosen points inside [xMin, xMax]; NaN when none is. */
	readonly yMin: number;
	readonly yMax: number;
}

/**
 * Min-max decimation of the part of a series in view: for each of `buckets` pixel columns the
 * first, lowest, highest and last point, the same rule as chart.js's `min-max` decimation, which
 * keeps every spike (a loss spike must not vanish at 1,000,000 points). Done here on typed arrays
 * rather than by chart.js's plugin, which needs one {x, y} object per point in the dataset: the
 * chart only ever gets ≤ 4 points per pixel, and zooming re-runs this on the new view only.
 *
 * One point on each side of the view is kept so the line runs to the chart's edges. Non-finite y
 * (and y ≤ 0 on a log scale) cannot be drawn and are skipped. x must be ascending.
 */
export function decimateMinMax(
	x: ArrayLike<number>,
	y: ArrayLike<number>,
	xMin: number,
	xMax: number,
	buckets: number,
	options: { positiveOnly?: boolean; out?: Uint32Array } = {},
): Decimated {
	const length = Math.min(x.length, y.length);
	const start = Math.max(0, lowerBound(x, length, xMin) - 1);
	const end = Math.min(length, upperBound(x, length, xMax) + 1);
	const columns = Math.max(1, Math.floor(buckets));
	// Up to four per column, plus the columns of the points either side of the view.
	const capacity = Math.min(end - start, 4 * columns + 8);
	const indices = options.out && options.out.length >= capacity ? options.out : new Uint32Array(capacity);
	const positiveOnly = options.positiveOnly ?? false;
	let count = 0;
	let yMin = Infinity;
	let yMax = -Infinity;
	const drawable = (v: number) => Number.isFinite(v) && (!positiveOnly || v > 0);
	const take = (i: number) => {
		indices[count++] = i;
		const xi = x[i];
		if (xi >= xMin && xi <= xMax) {
			yMin = Math.min(yMin, y[i]);
			yMax = Math.max(yMax, y[i]);
		}
	};

	if (end - start <= 4 * columns) {
		for (let i = start; i < end; i++) {
			if (drawable(y[i])) {
				take(i);
			}
		}
	} else {
		const width = (xMax - xMin) / columns || 1;
		let bucket = NaN;
		let first = -1;
		let low = -1;
		let high = -1;
		let last = -1;
		const flush = () => {
			if (first < 0) {
				return;
			}
			// The four in the order they occur, each once.
			const chosen = [first, low, high, last].sort((a, b) => a - b);
			for (let k = 0; k < 4; k++) {
				if (k === 0 || chosen[k] !== chosen[k - 1]) {
					take(chosen[k]);
				}
			}
		};
		for (let i = start; i < end; i++) {
			const v = y[i];
			if (!drawable(v)) {
				continue;
			}
			// Points left and right of the view get buckets -1 and `columns` of their own.
			const b = Math.min(columns, Math.max(-1, Math.floor((x[i] - xMin) / width)));
			if (b !== bucket) {
				flush();
				bucket = b;
				first = low = high = last = i;
				continue;
			}
			last = i;
			if (v < y[low]) {
				low = i;
			}
			if (v > y[high]) {
				high = i;
			}
		}
		flush();
	}
	return count > 0 && yMin <= yMax ? { indices, count, yMin, yMax } : { indices, count, yMin: NaN, yMax: NaN };
}

/** First index whose x is ≥ value. */
export function lowerBound(x: ArrayLike<number>, length: number, value: number): number {
	let lo = 0;
	let hi = length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (x[mid] < value) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/** First index whose x is > value. */
export function upperBound(x: ArrayLike<number>, length: number, value: number): number {
	let lo = 0;
	let hi = length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (x[mid] <= value) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}
