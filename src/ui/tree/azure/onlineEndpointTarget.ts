import type { AzureWorkspace } from '../../../core/backends/azure/AzureWorkspace';

/** What the endpoint commands need of an Endpoints folder, an endpoint or a deployment node. */
export interface OnlineEndpointTarget {
	readonly workspace: AzureWorkspace;
	/** Absent on the Endpoints folder. */
	readonly endpoint?: string;
	readonly deployment?: string;
}

export interface HasOnlineEndpointTarget {
	readonly onlineEndpoint: OnlineEndpointTarget;
}

export function onlineEndpointOf(node: unknown): OnlineEndpointTarget | undefined {
	return (node as Partial<HasOnlineEndpointTarget> | undefined)?.onlineEndpoint;
}

/** Marks a node with its endpoint target, for the commands run on it. */
export function withOnlineEndpoint<T extends object>(node: T, target: OnlineEndpointTarget): T & HasOnlineEndpointTarget {
	return Object.assign(node, { onlineEndpoint: target });
}

/** The Endpoints folder above an endpoint or deployment node: refreshing it redraws states and traffic. */
export function endpointsFolderOf<T extends { getParent?(): T | undefined }>(node: T | undefined): T | undefined {
	let folder = node;
	while (folder && onlineEndpointOf(folder)?.endpoint) {
		folder = folder.getParent?.();
	}
	return folder;
}
