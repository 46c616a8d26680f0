import type { Workspace } from '@azure/arm-machinelearning';
import { onePage, type Page } from '../../azure/arm';
import type { AzureConnection } from '../../azure/AzureConnection';

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
