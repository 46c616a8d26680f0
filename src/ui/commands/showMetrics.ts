import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import { openMetricsPanel } from '../webviews/metrics/openMetricsPanel';
import { pickRun } from './pickRuns';

/** Opens the metric charts of one run: the run node it was used on, else a run picked from the recent ones. */
export async function showMetrics(services: Services, node?: unknown): Promise<void> {
	const target = runTargetOf(node) ?? (await pickRun(services, 'Show Metrics of…'));
	openMetricsPanel([target]);
}
