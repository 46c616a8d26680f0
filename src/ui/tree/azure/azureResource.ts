import type { AzureCloud } from '../../../core/azure/clouds';

/** What node actions need of an Azure resource: copy id / name, open in studio, delete. */
export interface AzureResourceInfo {
	/** ARM resource id. */
	readonly id: string;
	readonly name: string;
	/** How a confirmation names it, e.g. `compute "cpu-cluster"`. */
	readonly label: string;
	readonly studioUrl?: string;
	/**
	 * Present only where the service allows deleting it; waits until it is gone. `onAccepted` (where
	 * supported) runs once the service has started deleting, so the tree can show it as Deleting.
	 */
	readonly delete?: (onAccepted?: () => void) => Promise<void>;
}

export interface HasAzureResource {
	readonly resource: AzureResourceInfo;
}

export function azureResourceOf(node: unknown): AzureResourceInfo | undefined {
	const resource = (node as Partial<HasAzureResource> | undefined)?.resource;
	return resource && typeof resource.id === 'string' && typeof resource.name === 'string' ? resource : undefined;
}

/** A page of Azure ML studio for a resource of a workspace, on the studio host of the cloud. */
export function studioUrl(cloud: AzureCloud, workspaceId: string, page: string): string {
	const path = page.split('/').map(encodeURIComponent).join('/');
	return `${cloud.studioUrl}/${path}?wsid=${workspaceId}`;
}
