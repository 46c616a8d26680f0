import { setTimeout as sleep } from 'node:timers/promises';
import type { AzureConnection } from './AzureConnection';
import { AzureConfigError, AzureError } from './errors';

export interface ArmRawOptions {
	readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
	readonly query?: Readonly<Record<string, string>>;
	readonly body?: unknown;
	readonly signal?: AbortSignal;
	/** Called once the service has accepted a long-running call (201/202), before polling. */
	readonly onAccepted?: () => void;
}

/**
 * An ARM call the 2022-10-01 SDK cannot make (a newer api-version or query parameters it lacks),
 * sent through the same pipeline. `pathOrNextLink` is a path on the ARM endpoint or a `nextLink`.
 */
export async function armRaw<T>(connection: AzureConnection, pathOrNextLink: string, apiVersion: string, action: string, options: ArmRawOptions = {}): Promise<T> {
	return connection.http.json<T>(rawUrl(connection, pathOrNextLink, apiVersion, options), action, { method: options.method, body: options.body, signal: options.signal });
}

/**
 * A long-running ARM call whose status URL must be polled exactly as the service gave it (the
 * SDK's poller adds the first request's query parameters to it). Resolves when it succeeded.
 */
export async function armRawLro(connection: AzureConnection, path: string, apiVersion: string, action: string, options: ArmRawOptions = {}): Promise<void> {
	const first = await connection.http.exchange(rawUrl(connection, path, apiVersion, options), action, { method: options.method, body: options.body, signal: options.signal });
	const statusUrl = first.headers.get('azure-asyncoperation');
	const location = first.headers.get('location');
	if (first.status !== 201 && first.status !== 202) {
		return;
	}
	options.onAccepted?.();
	for (;;) {
		await sleep(connection.lroPollIntervalMs, { signal: options.signal });
		if (statusUrl) {
			const status = await connection.http.json<{ status?: string; error?: { message?: string } }>(armUrl(connection, statusUrl).toString(), action, { signal: options.signal });
			if (status?.status === 'Succeeded') {
				return;
			}
			if (status?.status === 'Failed' || status?.status === 'Canceled') {
				throw new AzureError('azure.operationFailed', `Could not ${action}: the service reported that the operation ${status.status.toLowerCase()}${status.error?.message ? ` (${status.error.message})` : ''}.`);
			}
		} else if (location) {
			if ((await connection.http.exchange(armUrl(connection, location).toString(), action, { signal: options.signal })).status !== 202) {
				return;
			}
		} else {
			return;
		}
	}
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
