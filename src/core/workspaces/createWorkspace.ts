import { deleteResourceById } from '../azure/armResources';
import { armRaw } from '../azure/armRaw';
import type { AzureConnection } from '../azure/AzureConnection';
import {
	armTransport,
	cancelDeployment,
	followDeployment,
	listDeploymentSteps,
	startDeployment,
	type ArmTransport,
	type DeploymentStep,
	type DeploymentTarget,
} from '../azure/deployments';
import { isAzureError } from '../azure/errors';
import { createResourceGroup, deleteResourceGroup } from '../azure/resourceGroups';
import { buildWorkspaceTemplate, deploymentNameFor, resourceKinds, type PlannedResource, type WorkspacePlan } from './workspaceTemplate';

export interface CreateWorkspaceRequest extends WorkspacePlan {
	/** The resource group does not exist yet: it is created first, in `location`. */
	readonly newResourceGroup: boolean;
}

/** What a failed or cancelled creation leaves: the group if it made one, else the resources it made. */
export interface LeftBehind {
	readonly subscriptionId: string;
	readonly resourceGroup?: string;
	readonly resources: readonly PlannedResource[];
}

export type CreateWorkspaceResult =
	| { readonly outcome: 'Succeeded'; readonly workspaceId: string }
	| { readonly outcome: 'Failed'; readonly reason: string; readonly leftBehind: LeftBehind }
	| { readonly outcome: 'Canceled'; readonly leftBehind: LeftBehind };

/**
 * Creates the workspace as `az ml workspace create` does (see workspaceTemplate.ts): the resource
 * group if asked, then one template deployment, followed resource by resource. A cancelled
 * `signal` cancels the deployment; failure and cancellation say what was made, for the caller to
 * offer its deletion.
 */
export async function createWorkspace(
	connection: AzureConnection,
	request: CreateWorkspaceRequest,
	options: { readonly signal?: AbortSignal; readonly onProgress?: (message: string) => void; readonly arm?: ArmTransport } = {},
): Promise<CreateWorkspaceResult> {
	const arm = options.arm ?? armTransport(connection);
	const { template, resources, workspaceId } = buildWorkspaceTemplate(request);
	const target: DeploymentTarget = { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: deploymentNameFor(request.workspace) };
	let started = false;
	let groupMade = false;
	const leftBehind = (steps: readonly DeploymentStep[]): LeftBehind => ({
		subscriptionId: request.subscriptionId,
		resourceGroup: groupMade ? request.resourceGroup : undefined,
		resources: resources.filter((r) => steps.some((s) => sameId(s.resourceId, r.id) && (s.state === 'Succeeded' || s.state === 'Running'))),
	});
	try {
		if (request.newResourceGroup) {
			options.onProgress?.(`Creating resource group "${request.resourceGroup}" in ${request.location}…`);
			await createResourceGroup(connection, request.subscriptionId, { name: request.resourceGroup, location: request.location }, options.signal);
			groupMade = true;
		}
		options.onProgress?.(progressOf(resources, []));
		const { retryAfterMs } = await startDeployment(arm, target, template, options.signal);
		started = true;
		const outcome = await followDeployment(arm, target, {
			signal: options.signal,
			firstWaitMs: retryAfterMs,
			onSteps: (steps) => options.onProgress?.(progressOf(resources, steps)),
		});
		if (outcome.state === 'Succeeded') {
			return { outcome: 'Succeeded', workspaceId };
		}
		const failed = outcome.steps.find((s) => s.state === 'Failed');
		const planned = failed && resources.find((r) => sameId(r.id, failed.resourceId));
		const what = failed ? `${planned?.label ?? failed.resourceType} "${failed.resourceName}"` : `deployment "${target.name}"`;
		const said = failed?.reason ?? outcome.error;
		const reason = `${what} ${outcome.state === 'Canceled' ? 'was canceled' : 'failed'}${said ? `: ${said.message}${said.code ? ` (${said.code})` : ''}` : ''}`;
		return { outcome: 'Failed', reason, leftBehind: leftBehind(outcome.steps) };
	} catch (error) {
		const aborted = options.signal?.aborted === true;
		let steps: DeploymentStep[] = [];
		if (started) {
			if (aborted) {
				// Stop ARM from making the rest, then see what it had made.
				await cancelDeployment(arm, target).catch(() => undefined);
			}
			steps = await listDeploymentSteps(arm, target).catch(() => []);
		}
		const left = leftBehind(steps);
		if (aborted) {
			return { outcome: 'Canceled', leftBehind: left };
		}
		if (!left.resourceGroup && left.resources.length === 0) {
			throw error;
		}
		return { outcome: 'Failed', reason: error instanceof Error ? error.message : String(error), leftBehind: left };
	}
}

/** "2 of 5 created · creating Key vault "…"", the notification's line while the deployment runs. */
export function progressOf(resources: readonly PlannedResource[], steps: readonly DeploymentStep[]): string {
	const stateOf = (r: PlannedResource) => steps.find((s) => sameId(s.resourceId, r.id))?.state;
	const created = resources.filter((r) => stateOf(r) === 'Succeeded').length;
	const current = resources.find((r) => stateOf(r) === 'Running') ?? resources.find((r) => stateOf(r) === undefined);
	return `${created} of ${resources.length} created${current ? ` · creating ${current.label} "${current.name}"` : ''}`;
}

/** Whether a workspace of that name is already in the resource group (a 404 says no). */
export async function workspaceExists(connection: AzureConnection, subscriptionId: string, resourceGroup: string, name: string, signal?: AbortSignal): Promise<boolean> {
	try {
		const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/${resourceKinds.workspace.type}/${encodeURIComponent(name)}`;
		await armRaw(connection, path, resourceKinds.workspace.apiVersion, `look for workspace "${name}" in resource group "${resourceGroup}"`, { signal });
		return true;
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return false;
		}
		throw error;
	}
}

/**
 * Deletes what a failed or cancelled creation left: the whole resource group when it made one,
 * else its resources, the workspace first (it holds the others), the workspace purged so its name
 * is free again. A resource already gone counts as deleted.
 */
export async function deleteLeftBehind(connection: AzureConnection, left: LeftBehind, signal?: AbortSignal): Promise<void> {
	if (left.resourceGroup) {
		await deleteResourceGroup(connection, left.subscriptionId, left.resourceGroup, signal);
		return;
	}
	for (const resource of [...left.resources].reverse()) {
		const purge = resource.type === resourceKinds.workspace.type ? { forceToPurge: 'true' } : undefined;
		try {
			await deleteResourceById(connection, resource.id, resource.apiVersion, purge, signal);
		} catch (error) {
			if (!isAzureError(error, 'azure.notFound')) {
				throw error;
			}
		}
	}
}

/** What `deleteLeftBehind` would delete, in words. */
export function describeLeftBehind(left: LeftBehind): string {
	if (left.resourceGroup) {
		return `the resource group "${left.resourceGroup}" made for it, with everything in it`;
	}
	return left.resources.map((r) => `${r.label} "${r.name}"`).join(', ');
}

function sameId(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
