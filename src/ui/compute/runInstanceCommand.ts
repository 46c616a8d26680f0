import { transitionState, type InstanceAction } from '../../core/backends/azure/instanceStates';
import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { azureResourceOf } from '../tree/azure/azureResource';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import type { TreeNode } from '../tree/TreeNode';
import { withCancellableProgress } from '../withCancellableProgress';

const verbs: Readonly<Record<InstanceAction, string>> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

/**
 * Start, Stop or Restart on a compute instance: one cancellable notification while the service's
 * long-running operation runs, the Compute folder re-read when the service takes the request (the
 * instance then shows Starting…, Stopping… or Restarting…) and at each poll whose status changed,
 * then once more for the final state. Cancelling stops the waiting; the service finishes the action.
 */
export async function runInstanceCommand(services: Services, node: TreeNode | undefined, action: InstanceAction): Promise<void> {
	const workspace = workspaceOfNode(node);
	const resource = azureResourceOf(node);
	if (!node || !workspace || !resource) {
		throw new Error(`Use "${verbs[action]}" on a compute instance in the Azure ML view.`);
	}
	const azure = await azureModule();
	const folder = node.getParent?.();
	let lastStatus: string | undefined;
	try {
		await withCancellableProgress(`${transitionState[action]} compute instance "${resource.name}"…`, (signal) =>
			azure.runInstanceAction(workspace, resource.name, action, {
				signal,
				onAccepted: () => services.tree.refresh(folder),
				onPoll: (status) => {
					if (status !== lastStatus) {
						lastStatus = status;
						services.tree.refresh(folder);
					}
				},
			}),
		);
	} finally {
		services.tree.refresh(folder);
	}
}
