/** The median of some samples (the figure every benchmark reports). */
export function median(samples: readonly number[]): number {
	if (samples.length === 0) {
		return NaN;
	}
	const sorted = [...samples].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) {
		return NaN;
	}
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Rounds a figure for the JSON line (benchmarks report ms to 0.1). */
export function round(value: number, digits = 1): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}
