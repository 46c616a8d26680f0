import type { Workspace } from '@azure/arm-machinelearning';
import { parseWorkspaceId, type WorkspaceRef } from '../../../core/azure/workspaceRef';

/** A listed workspace's subscription, resource group and name, read from its resource id. */
export function workspaceRefOf(workspace: Workspace, subscriptionId: string): WorkspaceRef {
	if (!workspace.id) {
		throw new Error(`The service listed workspace "${workspace.name ?? '?'}" in subscription ${subscriptionId} without a resource id.`);
	}
	return parseWorkspaceId(workspace.id);
}
