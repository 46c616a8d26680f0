/** Decay is measured in thousandths of the x range, so a slider position smooths a chart alike however dense its series. */
const viewportScale = 1000;

/**
 * Time-weighted exponential moving average (W&B's TWEMA, their default), debiased so the first
 * points are not pulled toward 0 (as TensorBoard's EMA is). Each point decays the running
 * average by weight^(Δx·1000/range) rather than by weight once: a run logged every step and one
 * logged every 100 steps, or a 1,000-point and a 1,000,000-point series, smooth the same way on
 * one chart. Non-finite values stay gaps and leave the average untouched.
 *
 * @param smoothing 0 (none) to 1, the slider; the per-step weight is √smoothing, capped at 0.999.
 * @param rangeOfX the chart's whole x range, shared by the runs drawn on it.
 */
export function smoothTwema(
	x: ArrayLike<number>,
	y: ArrayLike<number>,
	smoothing: number,
	rangeOfX: number,
	out = new Float64Array(y.length),
): Float64Array {
	const weight = Math.min(Math.sqrt(Math.max(0, smoothing)), 0.999);
	const scale = rangeOfX > 0 && Number.isFinite(rangeOfX) ? viewportScale / rangeOfX : 0;
	let average = 0;
	let debias = 0;
	let previousX = y.length > 0 ? x[0] : 0;
	// Evenly spaced x is the common case: reuse the decay instead of calling Math.pow per point.
	let lastGap = NaN;
	let lastDecay = 1;
	for (let i = 0; i < y.length; i++) {
		const value = y[i];
		if (!Number.isFinite(value)) {
			out[i] = NaN;
			continue;
		}
		const gap = x[i] - previousX;
		if (gap !== lastGap) {
			lastGap = gap;
			lastDecay = weight ** (gap * scale);
		}
		average = average * lastDecay + value;
		debias = debias * lastDecay + 1;
		out[i] = average / debias;
		previousX = x[i];
	}
	return out;
}
