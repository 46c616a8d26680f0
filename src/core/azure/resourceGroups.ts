import { armRaw } from './armRaw';
import type { AzureConnection } from './AzureConnection';

interface ResourceGroupList {
	readonly value?: readonly { readonly name?: string }[];
	readonly nextLink?: string;
}

/** Every resource group name of a subscription, as its owner wrote it (ARM's resource-group list, all pages). */
export async function listResourceGroupNames(connection: AzureConnection, subscriptionId: string, signal?: AbortSignal): Promise<string[]> {
	const names: string[] = [];
	let link: string | undefined = `/subscriptions/${encodeURIComponent(subscriptionId)}/resourcegroups`;
	while (link) {
		const page: ResourceGroupList = await armRaw<ResourceGroupList>(connection, link, '2021-04-01', `list the resource groups of subscription ${subscriptionId}`, { signal });
		names.push(...(page.value ?? []).flatMap((group) => (group.name ? [group.name] : [])));
		link = page.nextLink || undefined;
	}
	return names;
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
