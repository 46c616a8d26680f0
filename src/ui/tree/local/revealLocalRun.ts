import { extensionLog } from '../../extensionLog';
import type { Services } from '../../services';
import type { TreeNode } from '../TreeNode';

/**
 * Refreshes Local and selects a run in the tree (a run just submitted). Showing the run is a
 * courtesy: the run exists whatever happens here, so a failure is logged, never thrown.
 */
export async function revealLocalRun(services: Services, experimentName: string, runId: string): Promise<void> {
	const backend = services.local.backend;
	if (!backend) {
		return;
	}
	services.tree.refresh(services.localNode);
	// List the experiments the way the tree will, so the run's parent node exists to reveal under.
	await services.localNode.getChildren();
	const experiment = services.localNode.experimentNode(experimentName);
	if (!experiment) {
		return;
	}
	const run = await backend.getRun(runId);
	const node = experiment.runNode(run);
	services.tree.runs.watch(node);
	try {
		await select(services, node);
	} catch {
		// The workbench may still hold the experiment's children from before the run existed (its
		// refresh of Local is applied asynchronously, later on a busy machine): refresh that
		// experiment, which the next reveal waits for, and try once more.
		services.tree.refresh(experiment);
		await select(services, node).catch((error: unknown) =>
			extensionLog.warn(`Could not show run ${runId} in the tree: ${error instanceof Error ? error.message : String(error)}`),
		);
	}
}

async function select(services: Services, node: TreeNode): Promise<void> {
	await services.treeView.reveal(node, { select: true, focus: false, expand: false });
}
