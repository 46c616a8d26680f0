// ARM resource-group template deployments (Microsoft.Resources, api-version 2020-06-01, the
// version azure-ai-ml's `ArmDeploymentExecutor` pins as ArmConstants.AZURE_MGMT_RESOURCE_API_VERSION).
// Followed the way that executor does it: the PUT is answered 201 (provisioningState Accepted),
// then the deployment is read until its provisioningState is terminal while its `/operations`
// list gives the per-resource progress (`_check_deployment_status`) and, on failure, the failed
// resource's `statusMessage`. A `Retry-After` on any answer sets the next wait.

import { setTimeout as sleep } from 'node:timers/promises';
import type { AzureConnection } from './AzureConnection';
import { AzureConfigError } from './errors';
import { retryAfterMs } from './retryInfo';

export const deploymentsApiVersion = '2020-06-01';

export interface ArmAnswer {
	readonly status: number;
	readonly headers: { get(name: string): string | undefined };
	readonly body: unknown;
}

/** The one thing this module needs from HTTP, so tests can answer without a server or a clock. */
export interface ArmTransport {
	send(method: 'GET' | 'PUT' | 'POST', pathOrLink: string, action: string, body?: unknown, signal?: AbortSignal): Promise<ArmAnswer>;
	wait(ms: number, signal?: AbortSignal): Promise<void>;
	readonly pollIntervalMs: number;
}

/** ARM through the connection's pipeline (token, retries); links are followed only on the ARM endpoint. */
export function armTransport(connection: AzureConnection): ArmTransport {
	return {
		pollIntervalMs: connection.lroPollIntervalMs,
		wait: (ms, signal) => sleep(ms, undefined, { signal }),
		async send(method, pathOrLink, action, body, signal) {
			const endpoint = new URL(connection.cloud.armEndpoint);
			const url = new URL(pathOrLink, endpoint);
			if (url.origin !== endpoint.origin) {
				throw new AzureConfigError(`Refusing to follow a link to ${url.origin}: it is not the ARM endpoint ${endpoint.origin}.`);
			}
			if (!url.searchParams.has('api-version')) {
				url.searchParams.set('api-version', deploymentsApiVersion);
			}
			return connection.http.exchange(url.toString(), action, { method, body, signal });
		},
	};
}

export interface DeploymentTarget {
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly name: string;
}

/** One resource's step of a deployment, as its operations list shows it. */
export interface DeploymentStep {
	readonly resourceId: string;
	readonly resourceType: string;
	readonly resourceName: string;
	/** Running, Succeeded, Failed, … */
	readonly state: string;
	/** The service's reason for a failed step (`statusMessage.error`). */
	readonly reason?: { readonly code?: string; readonly message: string };
}

export interface DeploymentOutcome {
	readonly state: 'Succeeded' | 'Failed' | 'Canceled';
	readonly steps: readonly DeploymentStep[];
	/** The deployment's own error (e.g. DeploymentFailed), when it failed. */
	readonly error?: { readonly code?: string; readonly message: string };
}

interface OperationBody {
	readonly properties?: {
		readonly provisioningOperation?: string;
		readonly provisioningState?: string;
		readonly statusMessage?: unknown;
		readonly targetResource?: { readonly id?: string; readonly resourceType?: string; readonly resourceName?: string };
	};
}

interface DeploymentBody {
	readonly properties?: { readonly provisioningState?: string; readonly error?: ErrorBody };
}

interface ErrorBody {
	readonly code?: string;
	readonly message?: string;
	readonly details?: readonly ErrorBody[];
}

const terminal = new Set(['Succeeded', 'Failed', 'Canceled']);

export function deploymentPath(target: DeploymentTarget): string {
	return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourcegroups/${encodeURIComponent(target.resourceGroup)}/providers/Microsoft.Resources/deployments/${encodeURIComponent(target.name)}`;
}

/** Sends the template (mode Incremental); resolves once ARM accepted it, with the wait it asked for. */
export async function startDeployment(arm: ArmTransport, target: DeploymentTarget, template: object, signal?: AbortSignal): Promise<{ retryAfterMs?: number }> {
	const answer = await arm.send('PUT', deploymentPath(target), `start deployment "${target.name}" in resource group "${target.resourceGroup}"`, { properties: { template, parameters: {}, mode: 'Incremental' } }, signal);
	return { retryAfterMs: retryAfterMs(answer) };
}

/**
 * Waits until the deployment ends, telling `onSteps` each time its operations list changes.
 * Cancelling `signal` stops the waiting only (see {@link cancelDeployment}).
 */
export async function followDeployment(
	arm: ArmTransport,
	target: DeploymentTarget,
	options: { readonly signal?: AbortSignal; readonly firstWaitMs?: number; readonly onSteps?: (steps: readonly DeploymentStep[]) => void } = {},
): Promise<DeploymentOutcome> {
	let waitMs = options.firstWaitMs ?? arm.pollIntervalMs;
	let shown = '';
	for (;;) {
		await arm.wait(waitMs, options.signal);
		const answer = await arm.send('GET', deploymentPath(target), `read deployment "${target.name}"`, undefined, options.signal);
		const deployment = answer.body as DeploymentBody | undefined;
		const steps = await listDeploymentSteps(arm, target, options.signal);
		const seen = JSON.stringify(steps);
		if (seen !== shown) {
			shown = seen;
			options.onSteps?.(steps);
		}
		const state = deployment?.properties?.provisioningState ?? 'Running';
		if (terminal.has(state)) {
			const error = deployment?.properties?.error;
			return { state: state as DeploymentOutcome['state'], steps, error: error?.message ? { code: error.code, message: error.message } : undefined };
		}
		waitMs = retryAfterMs(answer) ?? arm.pollIntervalMs;
	}
}

/** The resource steps of a deployment (all pages), without ARM's own output evaluation step. */
export async function listDeploymentSteps(arm: ArmTransport, target: DeploymentTarget, signal?: AbortSignal): Promise<DeploymentStep[]> {
	const steps: DeploymentStep[] = [];
	let link: string | undefined = `${deploymentPath(target)}/operations`;
	while (link) {
		const page = (await arm.send('GET', link, `list the operations of deployment "${target.name}"`, undefined, signal)).body as
			| { value?: readonly OperationBody[]; nextLink?: string }
			| undefined;
		for (const operation of page?.value ?? []) {
			const step = stepOf(operation);
			if (step) {
				steps.push(step);
			}
		}
		link = page?.nextLink || undefined;
	}
	return steps;
}

function stepOf(operation: OperationBody): DeploymentStep | undefined {
	const properties = operation.properties;
	const target = properties?.targetResource;
	if (!properties || !target?.id || properties.provisioningOperation === 'EvaluateDeploymentOutput') {
		return undefined;
	}
	const state = properties.provisioningState ?? 'Running';
	return {
		resourceId: target.id,
		resourceType: target.resourceType ?? '',
		resourceName: target.resourceName ?? target.id.split('/').pop() ?? '',
		state,
		reason: state === 'Failed' ? reasonOf(properties.statusMessage) : undefined,
	};
}

/** `statusMessage` is `{status, error: {code, message, details}}`, sometimes the error itself, sometimes text. */
export function reasonOf(statusMessage: unknown): { code?: string; message: string } | undefined {
	if (typeof statusMessage === 'string') {
		return statusMessage ? { message: statusMessage } : undefined;
	}
	const body = statusMessage as { error?: ErrorBody } & ErrorBody;
	const error = body?.error ?? body;
	const detail = error?.details?.find((d) => d.message);
	const message = [error?.message, detail?.message && detail.message !== error?.message ? detail.message : undefined].filter(Boolean).join(' ');
	return message ? { code: detail?.code ?? error?.code, message } : undefined;
}

/** Asks ARM to stop a running deployment (resources it already made stay). */
export async function cancelDeployment(arm: ArmTransport, target: DeploymentTarget): Promise<void> {
	await arm.send('POST', `${deploymentPath(target)}/cancel`, `cancel deployment "${target.name}"`);
}
