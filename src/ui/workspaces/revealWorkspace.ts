import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/**
 * Reloads the subscription's workspaces and selects the one with `workspaceId`. Nothing to select
 * when the subscription is hidden by the subscription filter or the workspace is beyond the first page.
 */
export async function revealWorkspace(services: Services, subscriptionId: string, workspaceId: string): Promise<TreeNode | undefined> {
	const account = (await services.tree.getChildren()).find((n) => n.id === 'azure');
	const subscription = account && (await services.tree.getChildren(account)).find((n) => n.id.toLowerCase() === `/subscriptions/${subscriptionId}`.toLowerCase());
	if (!subscription) {
		return undefined;
	}
	services.tree.refresh(subscription);
	const workspace = (await services.tree.getChildren(subscription)).find((n) => n.id.toLowerCase() === workspaceId.toLowerCase());
	if (workspace) {
		await services.treeView.reveal(workspace, { select: true, focus: false, expand: false });
	}
	return workspace;
}
