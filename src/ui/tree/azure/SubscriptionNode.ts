import type * as vscode from 'vscode';
import type { Subscription } from '../../../core/azure/subscriptions';
import { sameWorkspace } from '../../../core/azure/workspaceConfig';
import { defaultWorkspace } from '../../azure/defaultWorkspace';
import type { AzureSession } from '../../azure/AzureSession';
import { ContextValue, joinContext } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import type { AzureResourceInfo } from './azureResource';
import { WorkspaceNode } from './WorkspaceNode';

/** A subscription: its Azure ML workspaces, one page (one request) at a time. */
export class SubscriptionNode extends AzureFolderNode {
	readonly resource: AzureResourceInfo;

	constructor(
		readonly subscription: Subscription,
		session: AzureSession,
		parent: TreeNode,
	) {
		super(
			{
				id: `/subscriptions/${subscription.subscriptionId}`,
				label: subscription.displayName,
				icon: 'key',
				empty: 'No Azure ML workspaces in this subscription',
				description: subscription.subscriptionId,
				fetchPage: async (folder, token) => {
					const [azure, connection] = await Promise.all([session.azureModule(), session.connection()]);
					const [page, preferred] = await Promise.all([
						azure.listWorkspaces(connection, subscription.subscriptionId, { pageToken: token }),
						defaultWorkspace(),
					]);
					const nodes = await Promise.all(
						page.items.map(async (w) => {
							const ref = await azure.workspaceRefOfListed(connection, w, subscription.subscriptionId);
							const configFile = preferred && sameWorkspace(ref, preferred.ref) ? preferred.file : undefined;
							return new WorkspaceNode(await session.workspace(ref, connection), w, azure, folder, configFile);
						}),
					);
					// The workspace the folder's config.json names comes first, as it is Submit's default.
					nodes.sort((a, b) => Number(b.configFile !== undefined) - Number(a.configFile !== undefined));
					return { nodes, nextPageToken: page.nextPageToken };
				},
			},
			parent,
		);
		this.resource = { id: `/subscriptions/${subscription.subscriptionId}`, name: subscription.displayName, label: `subscription "${subscription.displayName}"` };
	}

	override getTreeItem(): vscode.TreeItem {
		const item = super.getTreeItem();
		item.contextValue = joinContext(ContextValue.Subscription, ContextValue.AzureResource);
		item.tooltip = `${this.subscription.displayName} (${this.subscription.subscriptionId}) · ${this.subscription.state}`;
		return item;
	}
}
