import { armRaw, armRawLro } from './armRaw';
import type { AzureConnection } from './AzureConnection';

interface ResourceGroupList {
	readonly value?: readonly { readonly name?: string; readonly location?: string }[];
	readonly nextLink?: string;
}

const resourceGroupsApiVersion = '2021-04-01';

export interface ResourceGroup {
	readonly name: string;
	readonly location: string;
}

/** Every resource group of a subscription with its region, names as their owner wrote them (ARM's list, all pages). */
export async function listResourceGroups(connection: AzureConnection, subscriptionId: string, signal?: AbortSignal): Promise<ResourceGroup[]> {
	const groups: ResourceGroup[] = [];
	let link: string | undefined = `/subscriptions/${encodeURIComponent(subscriptionId)}/resourcegroups`;
	while (link) {
		const page: ResourceGroupList = await armRaw<ResourceGroupList>(connection, link, resourceGroupsApiVersion, `list the resource groups of subscription ${subscriptionId}`, { signal });
		groups.push(...(page.value ?? []).flatMap((group) => (group.name ? [{ name: group.name, location: group.location ?? '' }] : [])));
		link = page.nextLink || undefined;
	}
	return groups;
}

/** Every resource group name of a subscription, as its owner wrote it. */
export async function listResourceGroupNames(connection: AzureConnection, subscriptionId: string, signal?: AbortSignal): Promise<string[]> {
	return (await listResourceGroups(connection, subscriptionId, signal)).map((group) => group.name);
}

function groupPath(subscriptionId: string, name: string): string {
	return `/subscriptions/${encodeURIComponent(subscriptionId)}/resourcegroups/${encodeURIComponent(name)}`;
}

/** Creates a resource group in a region (ARM answers 201, or 200 for one that exists). */
export async function createResourceGroup(connection: AzureConnection, subscriptionId: string, group: ResourceGroup, signal?: AbortSignal): Promise<void> {
	await armRaw(connection, groupPath(subscriptionId, group.name), resourceGroupsApiVersion, `create resource group "${group.name}" in ${group.location}`, {
		method: 'PUT',
		body: { location: group.location },
		signal,
	});
}

/** Deletes a resource group and everything in it, waiting until ARM has (202, then its Location). */
export async function deleteResourceGroup(connection: AzureConnection, subscriptionId: string, name: string, signal?: AbortSignal): Promise<void> {
	await armRawLro(connection, groupPath(subscriptionId, name), resourceGroupsApiVersion, `delete resource group "${name}"`, { method: 'DELETE', signal });
}

/** Per connection (one sign-in), per lower-cased subscription id: lower-cased group name to its own casing. */
const cache = new WeakMap<AzureConnection, Map<string, Promise<Map<string, string>>>>();

/**
 * A resource group's name in its own casing, for a name read from a list id that ARM may have
 * lower-cased. The subscription's groups are listed once per sign-in; a failed list (e.g. an
 * identity that may read workspaces but not list groups) or a list that lacks the group keeps
 * the name as given and is asked again next time, so a group made since is found after a refresh.
 */
export async function ownResourceGroupName(connection: AzureConnection, subscriptionId: string, name: string): Promise<string> {
	let bySubscription = cache.get(connection);
	if (!bySubscription) {
		bySubscription = new Map();
		cache.set(connection, bySubscription);
	}
	const key = subscriptionId.toLowerCase();
	let groups = bySubscription.get(key);
	if (!groups) {
		groups = listResourceGroupNames(connection, subscriptionId).then((names) => new Map(names.map((n) => [n.toLowerCase(), n])));
		bySubscription.set(key, groups);
	}
	const forget = (): void => {
		if (bySubscription.get(key) === groups) {
			bySubscription.delete(key);
		}
	};
	try {
		const own = (await groups).get(name.toLowerCase());
		if (own === undefined) {
			forget();
		}
		return own ?? name;
	} catch (error) {
		forget();
		connection.logger?.warn(`Showing resource group "${name}" as listed: ${error instanceof Error ? error.message : String(error)}`);
		return name;
	}
}
