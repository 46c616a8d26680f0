import { runTargetOf, type RunTarget } from '../runTarget';
import type { Services } from '../services';
import { openMetricsPanel } from '../webviews/metrics/openMetricsPanel';
import { pickRuns } from './pickRuns';

/**
 * Overlays the metrics of the selected runs, one color per run. VS Code passes the clicked node and
 * then every selected node; nodes that are not runs (an experiment selected along) are left out.
 * From the palette (no node), the runs are checked in a list of the recent ones.
 */
export async function compareMetrics(services: Services, node?: unknown, selected?: unknown): Promise<void> {
	const nodes: unknown[] = Array.isArray(selected) && selected.length > 0 ? selected : [node];
	const fromTree = nodes.map(runTargetOf).filter((t): t is RunTarget => t !== undefined);
	const targets: RunTarget[] = [];
	for (const target of fromTree.length > 0 ? fromTree : await pickRuns(services, 'Compare Metrics of…')) {
		if (!targets.some((t) => t.backend === target.backend && t.runId === target.runId)) {
			targets.push(target);
		}
	}
	if (targets.length === 0) {
		throw new Error('Check at least one run to compare (or select runs in the Azure ML view with Ctrl/Cmd+click).');
	}
	openMetricsPanel(targets);
}
