import { extensionLog } from '../../extensionLog';
import type { Services } from '../../services';
import { revealNew } from '../revealNew';

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
	await revealNew(services, node, experiment).catch((error: unknown) =>
		extensionLog.warn(`Could not show run ${runId} in the tree: ${error instanceof Error ? error.message : String(error)}`),
	);
}
