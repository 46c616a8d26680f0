import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { armError, badRequest, json, notFound, pageOf, parseJsonBody, systemData, type EmuRequest, type EmuResponse, type Router } from '../http';
import { newGuid, type EndpointState, type Resource, type WorkspaceState } from '../state';
import type { Operation } from '../Operations';
import { apiVersion, findWorkspace, isResponse, locationOf, workspacePath } from './common';
import { deploymentFilesOf } from './deploymentFiles';

const endpointName = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
const authModes = new Set(['Key', 'AMLToken', 'AADToken']);
/** Tokens handed out by `POST …/token`, accepted by the scoring route of AMLToken endpoints. */
export const issuedEndpointTokens = new Map<string, string>();

function lroHeaders(context: EmulatorContext, request: EmuRequest, operationUrl: string): Record<string, string> {
	return { 'Azure-AsyncOperation': operationUrl, Location: locationOf(context, request), 'x-ms-async-operation-timeout': 'PT30M', ...retryAfter(context) };
}

function retryAfter(context: EmulatorContext): Record<string, string> {
	const seconds = context.settings.lro.retryAfterSeconds;
	return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}

/** The key of a deployment's server: its id, lower-cased as ARM compares ids. */
export function deploymentKey(endpoint: EndpointState, deployment: string): string {
	return `${endpoint.resource.id}/deployments/${deployment}`.toLowerCase();
}

/** The reason a real deployment gives when its container exits, with the traceback's last line. */
function crashReason(failure: string): string {
	const lines = failure.split('\n').map((l) => l.trim()).filter(Boolean);
	const last = lines.reverse().find((l) => /^[A-Za-z_.]+(Error|Exception)\b/.test(l)) ?? lines[0] ?? '';
	return `User container has crashed or terminated: the scoring script's init() failed (${last}). Check the deployment's container logs.`;
}

/** A delete's 202: status at `mfeOperationsStatus`, the final answer at `mfeOperationResults` (never the deleted resource). */
function deleteAccepted(context: EmulatorContext, operation: Operation): EmuResponse {
	return json(202, null, {
		'Azure-AsyncOperation': operation.url,
		Location: context.operations.urlFor(operation, 'mfeOperationResults'),
		'x-ms-async-operation-timeout': 'PT30M',
		...retryAfter(context),
	});
}

function badTraffic(traffic: Record<string, unknown>, endpoint: EndpointState | undefined): string | undefined {
	const entries = Object.entries(traffic);
	for (const [deployment, share] of entries) {
		if (typeof share !== 'number' || share < 0 || share > 100) {
			return `Traffic for deployment ${deployment} must be a number from 0 to 100.`;
		}
		if (!endpoint?.deployments.has(deployment)) {
			return `Traffic cannot be routed to deployment ${deployment}: the endpoint has no such deployment.`;
		}
	}
	const total = entries.reduce((sum, [, share]) => sum + (share as number), 0);
	return entries.length > 0 && total !== 0 && total !== 100 ? `The traffic values must add up to 100 (they add up to ${total}).` : undefined;
}

function putEndpoint(context: EmulatorContext, workspace: WorkspaceState, name: string, request: EmuRequest): EmuResponse {
	if (!endpointName.test(name)) {
		return badRequest(`Endpoint name '${name}' is invalid: use 3 to 32 letters, digits and '-', starting with a letter.`, 'InvalidEndpointName');
	}
	const body = parseJsonBody(request);
	const properties = (body?.properties ?? {}) as Record<string, unknown>;
	if (typeof body?.location !== 'string') {
		return badRequest('location is required.');
	}
	if (!authModes.has(properties.authMode as string)) {
		return badRequest("properties.authMode must be 'Key', 'AMLToken' or 'AADToken'.");
	}
	const existing = workspace.endpoints.get(name);
	const traffic = (properties.traffic ?? {}) as Record<string, unknown>;
	const trafficError = badTraffic(traffic, existing);
	if (trafficError) {
		return badRequest(trafficError, 'InvalidTraffic');
	}
	const id = `${workspace.armId}/onlineEndpoints/${name}`;
	const resource: Resource = {
		id,
		name,
		type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
		location: body.location,
		kind: 'Managed',
		tags: (body.tags as Record<string, string> | undefined) ?? {},
		identity: { type: (body.identity as { type?: string } | undefined)?.type ?? 'SystemAssigned', principalId: newGuid(), tenantId: '00000000-0000-0000-0000-00000000e0e0' },
		properties: {
			description: properties.description ?? null,
			properties: { ...(properties.properties as object | undefined), 'azureml.onlineendpointid': id.toLowerCase() },
			scoringUri: existing?.resource.properties.scoringUri ?? null,
			swaggerUri: existing?.resource.properties.swaggerUri ?? null,
			authMode: properties.authMode,
			provisioningState: existing ? 'Updating' : 'Creating',
			compute: null,
			traffic,
			mirrorTraffic: properties.mirrorTraffic ?? {},
			publicNetworkAccess: properties.publicNetworkAccess ?? 'Enabled',
		},
		systemData: existing?.resource.systemData ?? systemData(),
	};
	const operation = context.operations.start('mfeOperationsStatus', {
		subscriptionId: workspace.subscriptionId,
		location: body.location,
		apiVersion: apiVersion(request),
		id: `oeidp:${workspace.workspaceId}:${newGuid()}`,
		onDone: () => {
			resource.properties.provisioningState = 'Succeeded';
			resource.properties.scoringUri = `${context.origin}/score/${name}`;
			resource.properties.swaggerUri = `${context.origin}/score/${name}/swagger.json`;
		},
	});
	(resource.properties.properties as Record<string, string>).AzureAsyncOperationUri = operation.url.split('&')[0];
	if (existing) {
		existing.resource = resource;
	} else {
		workspace.endpoints.set(name, { resource, deployments: new Map(), keys: { primaryKey: randomBytes(24).toString('base64url'), secondaryKey: randomBytes(24).toString('base64url') } });
	}
	return json(existing ? 200 : 201, resource, lroHeaders(context, request, operation.url));
}

function putDeployment(context: EmulatorContext, workspace: WorkspaceState, endpoint: EndpointState, name: string, request: EmuRequest): EmuResponse {
	if (!endpointName.test(name)) {
		return badRequest(`Deployment name '${name}' is invalid: use 3 to 32 letters, digits and '-', starting with a letter.`, 'InvalidDeploymentName');
	}
	const body = parseJsonBody(request);
	const properties = (body?.properties ?? {}) as Record<string, unknown>;
	if (typeof properties.model !== 'string') {
		return badRequest('properties.model (the model version id) is required.');
	}
	if ((properties.endpointComputeType ?? 'Managed') === 'Managed' && typeof properties.instanceType !== 'string') {
		return badRequest('properties.instanceType is required for a managed deployment.');
	}
	const files = deploymentFilesOf(context, workspace, properties);
	if (typeof files === 'string') {
		return badRequest(files, 'DeploymentAssetNotFound');
	}
	const existing = endpoint.deployments.has(name);
	const location = typeof body?.location === 'string' ? body.location : (endpoint.resource.location ?? workspace.location);
	const resource: Resource = {
		id: `${endpoint.resource.id}/deployments/${name}`,
		name,
		type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
		location,
		kind: 'Managed',
		tags: (body?.tags as Record<string, string> | undefined) ?? {},
		sku: { name: 'Default', tier: 'Standard', capacity: 1, ...(body?.sku as object | undefined) },
		properties: {
			endpointComputeType: 'Managed',
			scaleSettings: { scaleType: 'Default' },
			requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1, maxQueueWait: 'PT0.5S' },
			appInsightsEnabled: false,
			egressPublicNetworkAccess: 'Enabled',
			...properties,
			provisioningState: existing ? 'Updating' : 'Creating',
		},
		systemData: systemData(),
	};
	endpoint.deployments.set(name, resource);
	// The deployment's container: the model and code copied out of storage, then init() runs.
	const key = deploymentKey(endpoint, name);
	void context.deployments.start(key, files);
	const operation: Operation = context.operations.start('mfeOperationsStatus', {
		subscriptionId: workspace.subscriptionId,
		location,
		apiVersion: apiVersion(request),
		id: `odidp:${workspace.workspaceId}:${newGuid()}`,
		outcome: () => {
			const state = context.deployments.state(key);
			return state === undefined ? undefined : state.ready ? {} : { error: { code: 'ResourceNotReady', message: crashReason(state.reason) } };
		},
		onDone: () => {
			resource.properties.provisioningState = operation.error ? 'Failed' : 'Succeeded';
		},
	});
	return json(existing ? 200 : 201, resource, lroHeaders(context, request, operation.url));
}

export function registerEndpointRoutes(router: Router, context: EmulatorContext): void {
	const endpointOf = (params: readonly string[]): { workspace: WorkspaceState; endpoint: EndpointState } | EmuResponse => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const endpoint = workspace.endpoints.get(params[3]);
		return endpoint ? { workspace, endpoint } : notFound('OnlineEndpoint', params[3]);
	};
	const prefix = `${workspacePath}/onlineEndpoints`;

	router.add('GET', prefix, (request, params) => {
		const workspace = findWorkspace(context, params);
		return isResponse(workspace)
			? workspace
			: json(200, pageOf(request, [...workspace.endpoints.values()].map((e) => e.resource), context.settings.listPageSize, context.origin));
	});
	router.add('GET', `${prefix}/([^/]+)`, (_request, params) => {
		const found = endpointOf(params);
		return 'status' in found ? found : json(200, found.endpoint.resource);
	});
	router.add('PUT', `${prefix}/([^/]+)`, (request, params) => {
		const workspace = findWorkspace(context, params);
		return isResponse(workspace) ? workspace : putEndpoint(context, workspace, params[3], request);
	});
	router.add('DELETE', `${prefix}/([^/]+)`, async (request, params) => {
		const found = endpointOf(params);
		if ('status' in found) {
			return found.status === 404 ? { status: 204 } : found;
		}
		found.endpoint.resource.properties.provisioningState = 'Deleting';
		const operation = context.operations.start('mfeOperationsStatus', {
			subscriptionId: found.workspace.subscriptionId,
			location: found.endpoint.resource.location ?? found.workspace.location,
			apiVersion: apiVersion(request),
			id: `oeidp:${found.workspace.workspaceId}:${newGuid()}`,
			onDone: () => found.workspace.endpoints.delete(params[3]),
		});
		// The instances go first: once the delete is accepted nothing answers for the endpoint.
		await context.deployments.stopAll(`${found.endpoint.resource.id}/deployments/`.toLowerCase());
		return deleteAccepted(context, operation);
	});
	router.add('POST', `${prefix}/([^/]+)/listKeys`, (_request, params) => {
		const found = endpointOf(params);
		return 'status' in found ? found : json(200, found.endpoint.keys);
	});
	router.add('POST', `${prefix}/([^/]+)/token`, (_request, params) => {
		const found = endpointOf(params);
		if ('status' in found) {
			return found;
		}
		const accessToken = randomBytes(32).toString('base64url');
		issuedEndpointTokens.set(accessToken, found.endpoint.resource.name);
		const now = Math.floor(Date.now() / 1000);
		return json(200, { accessToken, tokenType: 'Bearer', expiryTimeUtc: now + 86_400, refreshAfterTimeUtc: now + 43_200 });
	});
	router.add('GET', `${prefix}/([^/]+)/deployments`, (request, params) => {
		const found = endpointOf(params);
		return 'status' in found ? found : json(200, pageOf(request, [...found.endpoint.deployments.values()], context.settings.listPageSize, context.origin));
	});
	router.add('GET', `${prefix}/([^/]+)/deployments/([^/]+)`, (_request, params) => {
		const found = endpointOf(params);
		if ('status' in found) {
			return found;
		}
		const deployment = found.endpoint.deployments.get(params[4]);
		return deployment ? json(200, deployment) : notFound('OnlineDeployment', params[4]);
	});
	router.add('PUT', `${prefix}/([^/]+)/deployments/([^/]+)`, (request, params) => {
		const found = endpointOf(params);
		return 'status' in found ? found : putDeployment(context, found.workspace, found.endpoint, params[4], request);
	});
	router.add('POST', `${prefix}/([^/]+)/deployments/([^/]+)/getLogs`, (request, params) => {
		const found = endpointOf(params);
		if ('status' in found) {
			return found;
		}
		if (!found.endpoint.deployments.has(params[4])) {
			return notFound('OnlineDeployment', params[4]);
		}
		const body = parseJsonBody(request) ?? {};
		const tail = typeof body.tail === 'number' && body.tail > 0 ? body.tail : 5000;
		const lines = context.deployments.logs(deploymentKey(found.endpoint, params[4]), Number.MAX_SAFE_INTEGER).split('\n');
		const storage = (line: string) => line.startsWith('Storage initializer');
		const wanted = body.containerType === 'StorageInitializer' ? lines.filter(storage) : lines.filter((line) => !storage(line));
		return json(200, { content: wanted.slice(-tail).join('\n') });
	});
	router.add('DELETE', `${prefix}/([^/]+)/deployments/([^/]+)`, async (request, params) => {
		const found = endpointOf(params);
		if ('status' in found) {
			return found;
		}
		const name = params[4];
		const share = (found.endpoint.resource.properties.traffic as Record<string, number>)[name] ?? 0;
		if (share > 0) {
			return armError(400, 'UserError', `Deployment ${name} still receives ${share}% of the traffic: move the traffic first.`);
		}
		const operation = context.operations.start('mfeOperationsStatus', {
			subscriptionId: found.workspace.subscriptionId,
			location: found.endpoint.resource.location ?? found.workspace.location,
			apiVersion: apiVersion(request),
			id: `odidp:${found.workspace.workspaceId}:${newGuid()}`,
			onDone: () => found.endpoint.deployments.delete(name),
		});
		await context.deployments.stop(deploymentKey(found.endpoint, name));
		return deleteAccepted(context, operation);
	});
}
