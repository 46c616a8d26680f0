import type { Workspace } from '@azure/arm-machinelearning';
import { onePage, type Page } from '../../azure/arm';
import type { AzureConnection } from '../../azure/AzureConnection';
import { AzureError } from '../../azure/errors';
import { ownResourceGroupName } from '../../azure/resourceGroups';
import { parseWorkspaceId, type WorkspaceRef } from '../../azure/workspaceRef';

/** One page of the workspaces in a subscription, or in one of its resource groups. */
export function listWorkspaces(
	connection: AzureConnection,
	subscriptionId: string,
	options: { resourceGroup?: string; pageToken?: string } = {},
	signal?: AbortSignal,
): Promise<Page<Workspace>> {
	const arm = connection.arm(subscriptionId);
	const list = options.resourceGroup
		? arm.workspaces.listByResourceGroup(options.resourceGroup, { abortSignal: signal })
		: arm.workspaces.listBySubscription({ abortSignal: signal });
	const where = options.resourceGroup ? `resource group "${options.resourceGroup}"` : `subscription ${subscriptionId}`;
	return onePage(`list the workspaces in ${where}`, list, options.pageToken);
}

/**
 * A listed workspace's subscription, resource group and name, in their owner's casing (the tree,
 * every later URL and a job's compute id use them). The name is the workspace's own `name`. ARM's
 * lists may lower-case the id (`…/resourcegroups/rg-name/…`); a group read from such an id is
 * looked up in the subscription's resource-group list, once per subscription.
 */
export async function workspaceRefOfListed(connection: AzureConnection, workspace: Pick<Workspace, 'id' | 'name'>, subscriptionId: string): Promise<WorkspaceRef> {
	if (!workspace.id) {
		throw new AzureError('azure.serviceError', `The service listed workspace "${workspace.name ?? '?'}" in subscription ${subscriptionId} without a resource id.`);
	}
	const fromId = parseWorkspaceId(workspace.id);
	const lowerCased = workspace.id.includes('/resourcegroups/') && fromId.resourceGroup === fromId.resourceGroup.toLowerCase();
	return {
		subscriptionId: fromId.subscriptionId,
		resourceGroup: lowerCased ? await ownResourceGroupName(connection, fromId.subscriptionId, fromId.resourceGroup) : fromId.resourceGroup,
		workspace: workspace.name || fromId.workspace,
	};
}
