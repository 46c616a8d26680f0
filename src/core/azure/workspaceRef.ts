import { AzureConfigError } from './errors';

/** Names one Azure ML workspace. */
export interface WorkspaceRef {
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly workspace: string;
}

/** `/subscriptions/…/resourceGroups/…/providers/Microsoft.MachineLearningServices/workspaces/…`: ARM id and data-plane path. */
export function workspaceArmId(ref: WorkspaceRef): string {
	return (
		`/subscriptions/${encodeURIComponent(ref.subscriptionId)}/resourceGroups/${encodeURIComponent(ref.resourceGroup)}` +
		`/providers/Microsoft.MachineLearningServices/workspaces/${encodeURIComponent(ref.workspace)}`
	);
}

const workspaceIdPattern = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)/i;

/** Reads a workspace (or any resource inside one) from its ARM id. */
export function parseWorkspaceId(id: string): WorkspaceRef {
	const match = workspaceIdPattern.exec(id);
	if (!match) {
		throw new AzureConfigError(`"${id}" is not the id of an Azure ML workspace or of a resource in one.`);
	}
	return { subscriptionId: decodeURIComponent(match[1]), resourceGroup: decodeURIComponent(match[2]), workspace: decodeURIComponent(match[3]) };
}

/** The last segment of an ARM id: the resource's name. */
export function nameFromId(id: string): string {
	return decodeURIComponent(id.replace(/\/+$/, '').split('/').pop() ?? '');
}
