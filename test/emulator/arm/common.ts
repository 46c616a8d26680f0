import type { EmulatorContext } from '../context';
import { armError, type EmuRequest, type EmuResponse } from '../http';
import type { WorkspaceState } from '../state';

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}` as a route prefix. */
export const workspacePath = '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces/([^/]+)';

export function apiVersion(request: EmuRequest): string {
	return request.url.searchParams.get('api-version') ?? '2022-10-01';
}

/** Resolves the workspace of a route, or the 404 ARM gives for it. */
export function findWorkspace(context: EmulatorContext, params: readonly string[]): WorkspaceState | EmuResponse {
	const [subscriptionId, resourceGroup, name] = params;
	const workspace = context.state.workspace(subscriptionId, resourceGroup, name);
	if (workspace) {
		return workspace;
	}
	return armError(
		404,
		'ResourceNotFound',
		`The Resource 'Microsoft.MachineLearningServices/workspaces/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
	);
}

export function isResponse(value: WorkspaceState | EmuResponse): value is EmuResponse {
	return typeof (value as EmuResponse).status === 'number';
}

/** The `Location` header Azure ML sets on a 201: the resource URL with the request's api-version. */
export function locationOf(context: EmulatorContext, request: EmuRequest): string {
	return `${context.origin}${request.url.pathname}?api-version=${apiVersion(request)}`;
}

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

/** Asset, job and endpoint names: what the service accepts (checked before anything is stored). */
export function invalidName(kind: string, name: string): EmuResponse | undefined {
	return namePattern.test(name)
		? undefined
		: armError(400, 'UserError', `${kind} name '${name}' is invalid.`, [
				{ code: 'InvalidName', message: `${kind} name must start with a letter or digit and contain only letters, digits, '-' and '_' (at most 255 characters).` },
			]);
}

const bodies = new WeakMap<object, string>();

/** Remembers the body a resource was created with, so a repeated identical PUT (a retry) succeeds. */
export function rememberBody(resource: object, request: EmuRequest): void {
	bodies.set(resource, request.body.toString('utf8'));
}

/** The JSON body a resource was created (or last changed) with. */
export function rememberedBody(resource: object): { properties?: Record<string, unknown> } | undefined {
	const text = bodies.get(resource);
	return text === undefined ? undefined : (JSON.parse(text) as { properties?: Record<string, unknown> });
}

export function isSameBody(resource: object, request: EmuRequest): boolean {
	return bodies.get(resource) === request.body.toString('utf8');
}
