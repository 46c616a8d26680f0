import type { EmulatorContext } from '../context';
import { armError, json, pageOf, parseJsonBody, type EmuRequest, type EmuResponse, type Router } from '../http';
import type { Resource } from '../state';

/** The regions every emulated subscription offers (ARM `locations`, 2022-12-01 shape), one logical geography among them. */
const regions = [
	['eastus', 'East US', 'US'],
	['eastus2', 'East US 2', 'US'],
	['westus2', 'West US 2', 'US'],
	['southcentralus', 'South Central US', 'US'],
	['northeurope', 'North Europe', 'Europe'],
	['westeurope', 'West Europe', 'Europe'],
	['uksouth', 'UK South', 'UK'],
] as const;

const groupName = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;

/** Dependent resource types a template may make and whose DELETE the emulator answers (workspaces have their own routes). */
export const genericTypes = ['Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults', 'Microsoft.OperationalInsights/workspaces', 'Microsoft.Insights/components', 'Microsoft.ContainerRegistry/registries'];

function groupId(subscriptionId: string, name: string): string {
	return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

function groupResource(subscriptionId: string, name: string, location: string): Resource {
	return { id: groupId(subscriptionId, name), name, type: 'Microsoft.Resources/resourceGroups', location, tags: {}, properties: { provisioningState: 'Succeeded' }, systemData: {} };
}

/** The subscription's resource groups as ARM lists them: those made through ARM, and those its seeded workspaces are in, in their own casing. */
export function resourceGroupsOf(context: EmulatorContext, subscriptionId: string): Record<string, unknown>[] {
	const groups = new Map<string, Resource>();
	for (const group of context.state.resourceGroups.values()) {
		if (group.id.split('/')[2].toLowerCase() === subscriptionId.toLowerCase()) {
			groups.set(group.name.toLowerCase(), group);
		}
	}
	for (const w of context.state.workspaces.values()) {
		if (w.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && !groups.has(w.resourceGroup.toLowerCase())) {
			groups.set(w.resourceGroup.toLowerCase(), groupResource(w.subscriptionId, w.resourceGroup, w.location));
		}
	}
	return [...groups.values()].map(({ systemData: _none, ...group }) => group);
}

/** The group of a route, or ARM's 404 for it. */
export function findResourceGroup(context: EmulatorContext, subscriptionId: string, name: string): Record<string, unknown> | EmuResponse {
	return (
		resourceGroupsOf(context, subscriptionId).find((g) => (g.name as string).toLowerCase() === name.toLowerCase()) ??
		armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`)
	);
}

export function isErrorResponse(value: Record<string, unknown> | EmuResponse): value is EmuResponse {
	return typeof (value as EmuResponse).status === 'number';
}

/** Removes a group and everything in it (its workspaces and template-made resources). */
function removeGroup(context: EmulatorContext, subscriptionId: string, name: string): void {
	const prefix = `${groupId(subscriptionId, name)}/`.toLowerCase();
	context.state.resourceGroups.delete(groupId(subscriptionId, name).toLowerCase());
	for (const [key] of context.state.resources) {
		if (key.startsWith(prefix)) {
			context.state.resources.delete(key);
		}
	}
	for (const [key, workspace] of context.state.workspaces) {
		if (workspace.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && workspace.resourceGroup.toLowerCase() === name.toLowerCase()) {
			context.state.workspaces.delete(key);
		}
	}
}

/**
 * A delete ARM finishes later: 202 with a `Location` under `/subscriptions/{s}/operationresults/`
 * that answers 202 until it is done, then 200.
 */
export function acceptedDelete(context: EmulatorContext, request: EmuRequest, subscriptionId: string, onDone: () => void): EmuResponse {
	const apiVersion = request.url.searchParams.get('api-version') ?? '2021-04-01';
	const operation = context.operations.start('mfeOperationResults', { subscriptionId, location: 'global', apiVersion, onDone });
	return { status: 202, headers: { Location: `${context.origin}/subscriptions/${subscriptionId}/operationresults/${operation.id}?api-version=${apiVersion}`, 'Retry-After': '0' } };
}

export function registerResourceGroupRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', '/subscriptions/([^/]+)/resourcegroups/([^/]+)', (_request, [sub, name]) => {
		const group = findResourceGroup(context, sub, name);
		return isErrorResponse(group) ? group : json(200, group);
	});
	router.add('PUT', '/subscriptions/([^/]+)/resourcegroups/([^/]+)', (request, [sub, name]) => {
		if (!groupName.test(name)) {
			return armError(400, 'InvalidResourceGroupName', `The resource group name '${name}' is invalid. It can include alphanumeric, underscore, parentheses, hyphen, period (except at end), and Unicode characters that match the allowed characters.`);
		}
		const location = parseJsonBody(request)?.location;
		if (typeof location !== 'string' || !regions.some(([region]) => region === location.toLowerCase())) {
			return armError(400, 'LocationNotAvailableForResourceGroup', `The provided location '${String(location)}' is not available for resource group. List of available regions is '${regions.map(([r]) => r).join(',')}'.`);
		}
		const existing = findResourceGroup(context, sub, name);
		if (!isErrorResponse(existing)) {
			if ((existing.location as string).toLowerCase() !== location.toLowerCase()) {
				return armError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${location}'. The Resource group already exists in location '${String(existing.location)}'.`);
			}
			return json(200, existing);
		}
		context.state.addSubscription(sub);
		const group = groupResource(sub, name, location.toLowerCase());
		context.state.resourceGroups.set(group.id.toLowerCase(), group);
		const { systemData: _none, ...body } = group;
		return json(201, body);
	});
	router.add('DELETE', '/subscriptions/([^/]+)/resourcegroups/([^/]+)', (request, [sub, name]) => {
		const group = findResourceGroup(context, sub, name);
		if (isErrorResponse(group)) {
			return group;
		}
		return acceptedDelete(context, request, sub, () => removeGroup(context, sub, name));
	});
	router.add('GET', '/subscriptions/([^/]+)/operationresults/([^/]+)', (_request, [, id]) => {
		const operation = context.operations.poll(id);
		if (!operation) {
			return armError(404, 'OperationNotFound', `The operation '${id}' was not found.`);
		}
		return operation.done ? { status: 200 } : { status: 202, headers: { Location: operation.url, 'Retry-After': '0' } };
	});
	router.add('GET', '/subscriptions/([^/]+)/locations', (request, [sub]) =>
		json(
			200,
			pageOf(
				request,
				[
					...regions.map(([name, displayName, geography]) => ({
						id: `/subscriptions/${sub}/locations/${name}`,
						name,
						type: 'Region',
						displayName,
						regionalDisplayName: `(${geography}) ${displayName}`,
						metadata: { regionType: 'Physical', regionCategory: 'Recommended', geographyGroup: geography },
					})),
					{ id: `/subscriptions/${sub}/locations/unitedstates`, name: 'unitedstates', type: 'Region', displayName: 'United States', regionalDisplayName: 'United States', metadata: { regionType: 'Logical', regionCategory: 'Other' } },
				],
				context.settings.listPageSize,
				context.origin,
			),
		),
	);
	router.add('GET', '/subscriptions/([^/]+)/resources', (request, [sub]) => {
		const filter = /^resourceType eq '([^']+)'$/i.exec(request.url.searchParams.get('$filter') ?? '');
		if (request.url.searchParams.has('$filter') && !filter) {
			return armError(400, 'InvalidFilterInQueryString', 'The emulator understands only the filter "resourceType eq \'<type>\'".');
		}
		const type = filter?.[1].toLowerCase();
		const inSubscription = (id: string) => id.split('/')[2]?.toLowerCase() === sub.toLowerCase();
		const all = [...context.state.resources.values(), ...[...context.state.workspaces.values()].map((w) => w.resource)]
			.filter((r) => inSubscription(r.id) && (!type || r.type.toLowerCase() === type))
			.map((r) => ({ id: r.id, name: r.name, type: r.type, kind: r.kind, location: r.location, tags: r.tags ?? {} }));
		return json(200, pageOf(request, all, context.settings.listPageSize, context.origin));
	});
	const genericPath = `/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/(${genericTypes.map((t) => t.replace(/\./g, '\\.')).join('|')})/([^/]+)`;
	router.add('GET', genericPath, (_request, [sub, group, type, name]) => {
		const resource = context.state.resources.get(`${groupId(sub, group)}/providers/${type}/${name}`.toLowerCase());
		return resource ? json(200, resource) : armError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${group}' was not found.`);
	});
	router.add('DELETE', genericPath, (_request, [sub, group, type, name]) => {
		const deleted = context.state.resources.delete(`${groupId(sub, group)}/providers/${type}/${name}`.toLowerCase());
		return { status: deleted ? 200 : 204 };
	});
}
