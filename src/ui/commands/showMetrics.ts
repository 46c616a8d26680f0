import { runTargetOf } from '../runTarget';
import { openMetricsPanel } from '../webviews/metrics/openMetricsPanel';

/** Opens the metric charts of one run (a run node of the Azure ML view). */
export function showMetrics(node?: unknown): void {
	const target = runTargetOf(node);
	if (!target) {
		throw new Error('Use "Show Metrics" on a run in the Azure ML view.');
	}
	openMetricsPanel([target]);
}
