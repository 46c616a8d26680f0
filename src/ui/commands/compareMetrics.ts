import { runTargetOf, type RunTarget } from '../runTarget';
import { openMetricsPanel } from '../webviews/metrics/openMetricsPanel';

/**
 * Overlays the metrics of the selected runs, one color per run. VS Code passes the clicked node and
 * then every selected node; nodes that are not runs (an experiment selected along) are left out.
 */
export function compareMetrics(node?: unknown, selected?: unknown): void {
	const nodes: unknown[] = Array.isArray(selected) && selected.length > 0 ? selected : [node];
	const targets: RunTarget[] = [];
	for (const target of nodes.map(runTargetOf)) {
		if (target && !targets.some((t) => t.backend === target.backend && t.runId === target.runId)) {
			targets.push(target);
		}
	}
	if (targets.length === 0) {
		throw new Error('Select runs in the Azure ML view (Ctrl/Cmd+click for several), then use "Compare Metrics".');
	}
	openMetricsPanel(targets);
}
