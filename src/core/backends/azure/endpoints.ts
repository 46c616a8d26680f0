import type { EndpointAuthKeys, EndpointAuthToken, OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { armCall, onePage, runLro, type Page } from '../../azure/arm';
import { AzureConfigError, AzureError } from '../../azure/errors';
import type { AzureWorkspace } from './AzureWorkspace';

const endpointName = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;

function checkName(kind: string, name: string): void {
	if (!endpointName.test(name)) {
		throw new AzureConfigError(`"${name}" is not a valid ${kind} name: use 3 to 32 letters, digits and '-', starting with a letter and ending with a letter or digit.`);
	}
}

export function listOnlineEndpoints(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<OnlineEndpoint>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(`list the online endpoints of ${workspace.label}`, workspace.arm.onlineEndpoints.list(resourceGroup, name, { abortSignal: signal }), pageToken);
}

export function getOnlineEndpoint(workspace: AzureWorkspace, endpoint: string, signal?: AbortSignal): Promise<OnlineEndpoint> {
	return armCall(`read endpoint "${endpoint}" in ${workspace.label}`, () =>
		workspace.arm.onlineEndpoints.get(workspace.ref.resourceGroup, workspace.ref.workspace, endpoint, { abortSignal: signal }),
	);
}

export interface OnlineEndpointSpec {
	readonly authMode: 'Key' | 'AMLToken';
	readonly description?: string;
	readonly tags?: Record<string, string>;
	/** Defaults to the workspace's region. */
	readonly location?: string;
}

/** Creates a managed online endpoint and waits until it is provisioned (a few minutes on Azure). */
export async function createOnlineEndpoint(workspace: AzureWorkspace, endpoint: string, spec: OnlineEndpointSpec, signal?: AbortSignal): Promise<OnlineEndpoint> {
	checkName('endpoint', endpoint);
	const location = spec.location ?? (await workspace.location(signal));
	return putEndpoint(workspace, endpoint, {
		location,
		tags: spec.tags,
		identity: { type: 'SystemAssigned' },
		properties: { authMode: spec.authMode, description: spec.description, properties: {}, traffic: {} },
	}, 'create', signal);
}

/** Routes traffic between deployments (percentages adding up to 100). The only way is a full PUT of the endpoint. */
export async function setEndpointTraffic(workspace: AzureWorkspace, endpoint: string, traffic: Record<string, number>, signal?: AbortSignal): Promise<OnlineEndpoint> {
	const total = Object.values(traffic).reduce((sum, share) => sum + share, 0);
	if (Object.values(traffic).some((share) => !Number.isInteger(share) || share < 0) || (total !== 100 && total !== 0)) {
		throw new AzureConfigError(`Traffic shares must be whole percentages adding up to 100 (they add up to ${total}).`);
	}
	const current = await getOnlineEndpoint(workspace, endpoint, signal);
	return putEndpoint(workspace, endpoint, { ...current, properties: { ...current.properties, traffic } }, 'route traffic of', signal);
}

function putEndpoint(workspace: AzureWorkspace, endpoint: string, body: OnlineEndpoint, verb: string, signal?: AbortSignal): Promise<OnlineEndpoint> {
	return runLro(
		`${verb} endpoint "${endpoint}" in ${workspace.label}`,
		() => workspace.arm.onlineEndpoints.beginCreateOrUpdate(workspace.ref.resourceGroup, workspace.ref.workspace, endpoint, body, workspace.connection.lroOptions(signal)),
		signal,
	);
}

export function deleteOnlineEndpoint(workspace: AzureWorkspace, endpoint: string, signal?: AbortSignal): Promise<void> {
	return runLro(
		`delete endpoint "${endpoint}" in ${workspace.label}`,
		() => workspace.arm.onlineEndpoints.beginDelete(workspace.ref.resourceGroup, workspace.ref.workspace, endpoint, workspace.connection.lroOptions(signal)),
		signal,
	);
}

export function listDeployments(workspace: AzureWorkspace, endpoint: string, pageToken?: string, signal?: AbortSignal): Promise<Page<OnlineDeployment>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(
		`list the deployments of endpoint "${endpoint}" in ${workspace.label}`,
		workspace.arm.onlineDeployments.list(resourceGroup, name, endpoint, { abortSignal: signal }),
		pageToken,
	);
}

export function getDeployment(workspace: AzureWorkspace, endpoint: string, deployment: string, signal?: AbortSignal): Promise<OnlineDeployment> {
	return armCall(`read deployment "${deployment}" of endpoint "${endpoint}" in ${workspace.label}`, () =>
		workspace.arm.onlineDeployments.get(workspace.ref.resourceGroup, workspace.ref.workspace, endpoint, deployment, { abortSignal: signal }),
	);
}

export interface DeploymentSpec {
	/** ARM id of the model version. */
	readonly model: string;
	readonly instanceType: string;
	readonly instanceCount?: number;
	/** ARM id of the environment version (not needed for MLflow models). */
	readonly environmentId?: string;
	/** The scoring script (`init()`/`run()`) and the code version holding it. */
	readonly code?: { readonly codeId: string; readonly scoringScript: string };
}

/** Creates a managed deployment behind an endpoint and waits until it serves (often 10+ minutes on Azure). */
export async function createDeployment(
	workspace: AzureWorkspace,
	endpoint: string,
	deployment: string,
	spec: DeploymentSpec,
	signal?: AbortSignal,
): Promise<OnlineDeployment> {
	checkName('deployment', deployment);
	const location = (await getOnlineEndpoint(workspace, endpoint, signal)).location;
	return runLro(
		`deploy "${deployment}" to endpoint "${endpoint}" in ${workspace.label}`,
		() =>
			workspace.arm.onlineDeployments.beginCreateOrUpdate(
				workspace.ref.resourceGroup,
				workspace.ref.workspace,
				endpoint,
				deployment,
				{
					location,
					sku: { name: 'Default', capacity: spec.instanceCount ?? 1 },
					properties: {
						endpointComputeType: 'Managed',
						instanceType: spec.instanceType,
						model: spec.model,
						environmentId: spec.environmentId,
						codeConfiguration: spec.code ? { codeId: spec.code.codeId, scoringScript: spec.code.scoringScript } : undefined,
						scaleSettings: { scaleType: 'Default' },
					},
				},
				workspace.connection.lroOptions(signal),
			),
		signal,
	);
}

export function getEndpointKeys(workspace: AzureWorkspace, endpoint: string, signal?: AbortSignal): Promise<EndpointAuthKeys> {
	return armCall(`read the keys of endpoint "${endpoint}" in ${workspace.label}`, () =>
		workspace.arm.onlineEndpoints.listKeys(workspace.ref.resourceGroup, workspace.ref.workspace, endpoint, { abortSignal: signal }),
	);
}

export function getEndpointToken(workspace: AzureWorkspace, endpoint: string, signal?: AbortSignal): Promise<EndpointAuthToken> {
	return armCall(`get a token for endpoint "${endpoint}" in ${workspace.label}`, () =>
		workspace.arm.onlineEndpoints.getToken(workspace.ref.resourceGroup, workspace.ref.workspace, endpoint, { abortSignal: signal }),
	);
}

export interface ScoringResult {
	readonly status: number;
	/** The deployment that answered (`azureml-model-deployment`). */
	readonly deployment?: string;
	/** The answer, parsed when it is JSON. */
	readonly body: unknown;
	readonly text: string;
}

/**
 * Calls an endpoint's scoring URI with its key (or an AML token), as a client application would.
 * `deployment` targets one deployment whatever the traffic split says.
 */
export async function invokeEndpoint(
	workspace: AzureWorkspace,
	endpoint: string,
	input: unknown,
	options: { deployment?: string; signal?: AbortSignal } = {},
): Promise<ScoringResult> {
	const current = await getOnlineEndpoint(workspace, endpoint, options.signal);
	const scoringUri = current.properties.scoringUri;
	if (!scoringUri) {
		throw new AzureError('azure.conflict', `Endpoint "${endpoint}" has no scoring URI yet (state: ${current.properties.provisioningState ?? 'unknown'}). Wait until it is provisioned.`);
	}
	const credential =
		current.properties.authMode === 'Key'
			? (await getEndpointKeys(workspace, endpoint, options.signal)).primaryKey
			: (await getEndpointToken(workspace, endpoint, options.signal)).accessToken;
	const response = await workspace.connection.anonymousHttp.bytes(scoringUri, `call endpoint "${endpoint}"`, {
		method: 'POST',
		body: input,
		headers: { Authorization: `Bearer ${credential ?? ''}`, ...(options.deployment ? { 'azureml-model-deployment': options.deployment } : {}) },
		signal: options.signal,
	});
	const text = Buffer.from(response.bytes).toString('utf8');
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// Not JSON: the scoring script answered with plain text.
	}
	return { status: response.status, deployment: response.headers.get('azureml-model-deployment'), body, text };
}
