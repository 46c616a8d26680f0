import { azureModule } from '../azure/azureModule';
import { askNodeCount } from '../compute/askNumbers';
import { withCancellableProgress } from '../withCancellableProgress';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import type { Services } from '../services';
import { azureResourceOf } from '../tree/azure/azureResource';
import type { TreeNode } from '../tree/TreeNode';

/**
 * "Resize…" on a cluster: new minimum and maximum node counts, sent as the SDK sends an update (the
 * cluster's settings PUT again with new scale settings), the tree showing "Updating" meanwhile.
 */
export async function resizeComputeCluster(services: Services, node?: TreeNode): Promise<void> {
	const workspace = workspaceOfNode(node);
	const resource = azureResourceOf(node);
	if (!node || !workspace || !resource) {
		throw new Error('Use "Resize…" on a compute cluster in the Azure ML view.');
	}
	const azure = await azureModule();
	const spec = azure.clusterSpecOf(await azure.getCompute(workspace, resource.name));
	const title = `Resize compute cluster "${resource.name}"`;
	const minNodes = await askNodeCount(services, { title, prompt: `Minimum nodes (now ${spec.minNodes ?? 0})`, value: spec.minNodes ?? 0, min: 0 });
	const maxNodes = await askNodeCount(services, { title, prompt: `Maximum nodes (now ${spec.maxNodes})`, value: Math.max(spec.maxNodes, minNodes, 1), min: Math.max(1, minNodes) });
	if (!(await services.prompt.confirm(`Resize compute cluster "${resource.name}" to ${minNodes}–${maxNodes} nodes?`, 'Resize', `${spec.vmSize} in ${workspace.ref.workspace}`))) {
		return;
	}
	const folder = node.getParent?.();
	try {
		await withCancellableProgress(`Resizing compute cluster "${resource.name}"…`, (signal) =>
			azure.createAmlCompute(workspace, resource.name, { ...spec, minNodes, maxNodes }, signal, () => services.tree.refresh(folder)),
		);
	} finally {
		services.tree.refresh(folder);
	}
}
