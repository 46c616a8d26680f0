import { setTimeout as sleep } from 'node:timers/promises';
import type { AzureConnection } from './AzureConnection';
import { AzureConfigError, AzureError } from './errors';
import { retryAfterMs } from './retryInfo';

export interface ArmRawOptions {
	readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
	readonly query?: Readonly<Record<string, string>>;
	readonly body?: unknown;
	readonly signal?: AbortSignal;
	/** Called once the service has accepted a long-running call (201/202), before polling. */
	readonly onAccepted?: () => void;
	/**
	 * Called after each status poll of a long-running call with the status the service reported
	 * (`InProgress`, `Succeeded`…; a `Location` poll still answering 202 reports `InProgress`), so
	 * a view can show the resource's state while the operation runs.
	 */
	readonly onPoll?: (status: string) => void;
}

interface OperationStatus {
	readonly status?: string;
	readonly error?: { readonly message?: string };
}

/**
 * An ARM call the 2022-10-01 SDK cannot make (a newer api-version or query parameters it lacks),
 * sent through the same pipeline. `pathOrNextLink` is a path on the ARM endpoint or a `nextLink`.
 */
export async function armRaw<T>(connection: AzureConnection, pathOrNextLink: string, apiVersion: string, action: string, options: ArmRawOptions = {}): Promise<T> {
	return connection.http.json<T>(rawUrl(connection, pathOrNextLink, apiVersion, options), action, { method: options.method, body: options.body, signal: options.signal });
}

/**
 * A long-running ARM call, followed to its end as ARM's async-operation guideline says: the
 * `Azure-AsyncOperation` status URL when there is one (polled exactly as the service gave it: the
 * SDK's poller adds the first request's query parameters to it), else the `Location` URL until it
 * stops answering 202. Each wait is the service's `Retry-After` when it sends one. Resolves when
 * the operation succeeded; a failed or cancelled operation is an error naming the service's reason.
 */
export async function armRawLro(connection: AzureConnection, path: string, apiVersion: string, action: string, options: ArmRawOptions = {}): Promise<void> {
	const first = await connection.http.exchange(rawUrl(connection, path, apiVersion, options), action, { method: options.method, body: options.body, signal: options.signal });
	if (first.status !== 201 && first.status !== 202) {
		return;
	}
	const statusUrl = first.headers.get('azure-asyncoperation');
	const location = first.headers.get('location');
	if (!statusUrl && !location) {
		return;
	}
	options.onAccepted?.();
	let wait = pollDelayMs(first, connection.lroPollIntervalMs);
	for (;;) {
		await sleep(wait, undefined, { signal: options.signal });
		if (statusUrl) {
			const answer = await connection.http.exchange<OperationStatus>(armUrl(connection, statusUrl).toString(), action, { signal: options.signal });
			const status = answer.body?.status ?? 'InProgress';
			options.onPoll?.(status);
			if (status === 'Succeeded') {
				return;
			}
			if (status === 'Failed' || status === 'Canceled') {
				const reason = answer.body?.error?.message;
				throw new AzureError('azure.operationFailed', `Could not ${action}: the service reported that the operation ${status.toLowerCase()}${reason ? ` (${reason})` : ''}.`);
			}
			wait = pollDelayMs(answer, connection.lroPollIntervalMs);
		} else {
			const answer = await connection.http.exchange(armUrl(connection, location!).toString(), action, { signal: options.signal });
			if (answer.status !== 202) {
				options.onPoll?.('Succeeded');
				return;
			}
			options.onPoll?.('InProgress');
			wait = pollDelayMs(answer, connection.lroPollIntervalMs);
		}
	}
}

/** How long to wait before the next poll: what the service asked for (`Retry-After`), else our interval. */
export function pollDelayMs(response: { readonly headers: { get(name: string): string | undefined } }, fallbackMs: number, now = Date.now()): number {
	return retryAfterMs(response, now) ?? fallbackMs;
}

function rawUrl(connection: AzureConnection, pathOrNextLink: string, apiVersion: string, options: ArmRawOptions): string {
	const url = armUrl(connection, pathOrNextLink);
	if (!url.searchParams.has('api-version')) {
		url.searchParams.set('api-version', apiVersion);
	}
	for (const [name, value] of Object.entries(options.query ?? {})) {
		url.searchParams.set(name, value);
	}
	return url.toString();
}

/** A token is only ever sent to the cloud's own ARM endpoint, whatever a `nextLink` says. */
function armUrl(connection: AzureConnection, pathOrNextLink: string): URL {
	const endpoint = new URL(connection.cloud.armEndpoint);
	const url = new URL(pathOrNextLink, endpoint);
	if (url.origin !== endpoint.origin) {
		throw new AzureConfigError(`Refusing to follow a link to ${url.origin}: it is not the ARM endpoint ${endpoint.origin}.`);
	}
	return url;
}
