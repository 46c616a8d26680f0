import type { MetricPoint } from '../backends/types';
import type { SeriesColumns } from './SeriesColumns';

/** How a freshly fetched history relates to what was already shown. */
export type HistoryChange =
	| { readonly kind: 'unchanged' }
	/** history[from..] are new points after the ones already shown. */
	| { readonly kind: 'append'; readonly from: number }
	/** The history is not an extension of what was shown (rewritten, or a point landed in the middle). */
	| { readonly kind: 'replace' };

/**
 * Compares a newly fetched, ordered history with the shown one. A live run only ever adds points,
 * and in step order they land at the end, so the shown prefix must reappear unchanged: its first
 * and last points are checked (a point inserted in the middle shifts the last one). Anything else
 * (a point logged for an earlier step, a shorter history) is a replace, never a wrong append.
 */
export function compareHistory(shown: SeriesColumns, history: readonly MetricPoint[]): HistoryChange {
	const length = shown.length;
	if (history.length < length || (length > 0 && (!samePoint(shown.point(0), history[0]) || !samePoint(shown.point(length - 1), history[length - 1])))) {
		return { kind: 'replace' };
	}
	return history.length === length ? { kind: 'unchanged' } : { kind: 'append', from: length };
}

/** Object.is so that NaN (MLflow accepts it) equals NaN. */
function samePoint(a: MetricPoint, b: MetricPoint): boolean {
	return Object.is(a.step, b.step) && Object.is(a.timestamp, b.timestamp) && Object.is(a.value, b.value);
}
