import { armRaw, armRawLro } from './armRaw';
import type { AzureConnection } from './AzureConnection';

export interface Location {
	readonly name: string;
	readonly displayName: string;
}

interface LocationList {
	readonly value?: readonly { name?: string; displayName?: string; metadata?: { regionType?: string } }[];
	readonly nextLink?: string;
}

/**
 * The regions a subscription can put resources in (ARM `locations`, api-version 2022-12-01),
 * by display name. Logical regions (e.g. a geography such as "United States") host nothing.
 */
export async function listLocations(connection: AzureConnection, subscriptionId: string, signal?: AbortSignal): Promise<Location[]> {
	const locations: Location[] = [];
	let link: string | undefined = `/subscriptions/${encodeURIComponent(subscriptionId)}/locations`;
	while (link) {
		const page: LocationList = await armRaw<LocationList>(connection, link, '2022-12-01', `list the regions of subscription ${subscriptionId}`, { signal });
		for (const location of page.value ?? []) {
			if (location.name && location.metadata?.regionType !== 'Logical') {
				locations.push({ name: location.name, displayName: location.displayName ?? location.name });
			}
		}
		link = page.nextLink || undefined;
	}
	return locations.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export interface ArmResource {
	readonly id: string;
	readonly name: string;
	readonly location: string;
	readonly resourceGroup: string;
}

interface ResourceList {
	readonly value?: readonly { id?: string; name?: string; location?: string }[];
	readonly nextLink?: string;
}

/** The subscription's resources of one type (ARM's generic resource list with a `resourceType` filter, all pages). */
export async function listResourcesOfType(connection: AzureConnection, subscriptionId: string, resourceType: string, signal?: AbortSignal): Promise<ArmResource[]> {
	const resources: ArmResource[] = [];
	let link: string | undefined = `/subscriptions/${encodeURIComponent(subscriptionId)}/resources`;
	let query: Record<string, string> | undefined = { $filter: `resourceType eq '${resourceType}'` };
	while (link) {
		const page: ResourceList = await armRaw<ResourceList>(connection, link, '2021-04-01', `list the ${resourceType} resources of subscription ${subscriptionId}`, { signal, query });
		for (const resource of page.value ?? []) {
			if (resource.id && resource.name) {
				resources.push({ id: resource.id, name: resource.name, location: resource.location ?? '', resourceGroup: resource.id.split('/')[4] ?? '' });
			}
		}
		link = page.nextLink || undefined;
		// A nextLink carries the filter already.
		query = undefined;
	}
	return resources;
}

/** Deletes one resource by id at its provider's api-version, following a 202 to the end. */
export async function deleteResourceById(connection: AzureConnection, id: string, apiVersion: string, query?: Record<string, string>, signal?: AbortSignal): Promise<void> {
	const parts = id.split('/');
	await armRawLro(connection, id, apiVersion, `delete ${parts.slice(-3, -1).join('/')} "${parts.at(-1) ?? id}"`, { method: 'DELETE', query, signal });
}
