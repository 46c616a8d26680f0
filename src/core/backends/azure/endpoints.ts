import type { EndpointAuthKeys, EndpointAuthToken, OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { armCall, onePage, type Page } from '../../azure/arm';
import { armRaw, armRawLro } from '../../azure/armRaw';
import type { FollowOptions } from '../../azure/lro';
import { AzureConfigError, AzureError } from '../../azure/errors';
import { deploymentNameProblem, endpointNameProblem } from '../../endpoints/names';
import { deploymentBody, endpointBody, logsBody, type EndpointAuthMode } from '../../endpoints/requestBodies';
import { trafficProblem } from '../../endpoints/traffic';
import type { AzureWorkspace } from './AzureWorkspace';

function checkName(kind: 'endpoint' | 'deployment', name: string): void {
	const problem = kind === 'endpoint' ? endpointNameProblem(name) : deploymentNameProblem(name);
	if (problem) {
		throw new AzureConfigError(problem);
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
	readonly authMode: EndpointAuthMode;
	readonly description?: string;
	readonly tags?: Record<string, string>;
	/** Defaults to the workspace's region. */
	readonly location?: string;
}

/** Cancellation, progress (each polled status) and, for tests, the wait between polls. */
export type LroOptions = FollowOptions & { readonly onAccepted?: () => void };

// The SDK's api-version; every call below exists there (getLogs included).
const apiVersion = '2022-10-01';

function endpointPath(workspace: AzureWorkspace, endpoint: string): string {
	return `${workspace.armId}/onlineEndpoints/${encodeURIComponent(endpoint)}`;
}

function deploymentPath(workspace: AzureWorkspace, endpoint: string, deployment: string): string {
	return `${endpointPath(workspace, endpoint)}/deployments/${encodeURIComponent(deployment)}`;
}

/**
 * Creates a managed online endpoint and follows its long-running operation to the end (about a
 * minute on Azure), honouring Retry-After; returns the endpoint as provisioned.
 */
export async function createOnlineEndpoint(workspace: AzureWorkspace, endpoint: string, spec: OnlineEndpointSpec, options: LroOptions = {}): Promise<OnlineEndpoint> {
	checkName('endpoint', endpoint);
	const location = spec.location ?? (await workspace.location(options.signal));
	const body = endpointBody({ location, authMode: spec.authMode, description: spec.description, tags: spec.tags });
	await armRawLro(workspace.connection, endpointPath(workspace, endpoint), apiVersion, `create endpoint "${endpoint}" in ${workspace.label}`, { ...options, method: 'PUT', body });
	return getOnlineEndpoint(workspace, endpoint, options.signal);
}

/** Routes traffic between deployments (percentages adding up to 100). The only way is a full PUT of the endpoint. */
export async function setEndpointTraffic(workspace: AzureWorkspace, endpoint: string, traffic: Record<string, number>, options: LroOptions = {}): Promise<OnlineEndpoint> {
	const problem = trafficProblem(traffic);
	if (problem) {
		throw new AzureConfigError(problem);
	}
	const current = await getOnlineEndpoint(workspace, endpoint, options.signal);
	const body = { location: current.location, identity: current.identity, tags: current.tags, kind: current.kind, properties: { ...current.properties, traffic } };
	await armRawLro(workspace.connection, endpointPath(workspace, endpoint), apiVersion, `route the traffic of endpoint "${endpoint}" in ${workspace.label}`, { ...options, method: 'PUT', body });
	return getOnlineEndpoint(workspace, endpoint, options.signal);
}

/** Deletes an endpoint and its deployments; waits until it is gone. */
export function deleteOnlineEndpoint(workspace: AzureWorkspace, endpoint: string, options: LroOptions = {}): Promise<void> {
	return armRawLro(workspace.connection, endpointPath(workspace, endpoint), apiVersion, `delete endpoint "${endpoint}" in ${workspace.label}`, { ...options, method: 'DELETE' });
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

/**
 * Creates (or updates) a managed deployment behind an endpoint and follows it until it serves
 * (often 10+ minutes on Azure). A deployment that ends Failed throws with the service's reason.
 */
export async function createDeployment(workspace: AzureWorkspace, endpoint: string, deployment: string, spec: DeploymentSpec, options: LroOptions = {}): Promise<OnlineDeployment> {
	checkName('deployment', deployment);
	const location = (await getOnlineEndpoint(workspace, endpoint, options.signal)).location;
	const body = deploymentBody({
		location,
		modelId: spec.model,
		instanceType: spec.instanceType,
		instanceCount: spec.instanceCount ?? 1,
		environmentId: spec.environmentId,
		codeId: spec.code?.codeId,
		scoringScript: spec.code?.scoringScript,
	});
	const action = `deploy "${deployment}" to endpoint "${endpoint}" in ${workspace.label}`;
	await armRawLro(workspace.connection, deploymentPath(workspace, endpoint, deployment), apiVersion, action, { ...options, method: 'PUT', body });
	return getDeployment(workspace, endpoint, deployment, options.signal);
}

/** Deletes a deployment (it must receive no traffic); waits until it is gone. */
export function deleteDeployment(workspace: AzureWorkspace, endpoint: string, deployment: string, options: LroOptions = {}): Promise<void> {
	const action = `delete deployment "${deployment}" of endpoint "${endpoint}" in ${workspace.label}`;
	return armRawLro(workspace.connection, deploymentPath(workspace, endpoint, deployment), apiVersion, action, { ...options, method: 'DELETE' });
}

/** The last `tail` lines of a deployment's inference-server container (init() output, tracebacks). */
export async function getDeploymentLogs(workspace: AzureWorkspace, endpoint: string, deployment: string, tail = 500, signal?: AbortSignal): Promise<string> {
	const answer = await armRaw<{ content?: string }>(
		workspace.connection,
		`${deploymentPath(workspace, endpoint, deployment)}/getLogs`,
		apiVersion,
		`read the logs of deployment "${deployment}" of endpoint "${endpoint}" in ${workspace.label}`,
		{ method: 'POST', body: logsBody(tail), signal },
	);
	return answer?.content ?? '';
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

const anyErrorStatus = Array.from({ length: 200 }, (_, i) => 400 + i);

/**
 * Calls an endpoint's scoring URI with its key (or an AML token), as a client application would.
 * `deployment` targets one deployment whatever the traffic split says.
 */
export async function invokeEndpoint(
	workspace: AzureWorkspace,
	endpoint: string,
	input: unknown,
	/** `answerAnyStatus`: a 4xx/5xx answer is returned (to show it), not thrown. */
	options: { deployment?: string; signal?: AbortSignal; answerAnyStatus?: boolean } = {},
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
		accept: options.answerAnyStatus ? anyErrorStatus : undefined,
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
