import type { AzureConnection } from './AzureConnection';
import { armUrl, followLro, type FollowOptions } from './lro';

export { pollDelayMs } from './lro';

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
export async function armRawLro(connection: AzureConnection, path: string, apiVersion: string, action: string, options: ArmRawOptions & FollowOptions = {}): Promise<void> {
	const first = await connection.http.exchange(rawUrl(connection, path, apiVersion, options), action, { method: options.method, body: options.body, signal: options.signal });
	if (first.status === 201 || first.status === 202 || first.headers.get('azure-asyncoperation')) {
		options.onAccepted?.();
	}
	await followLro(connection, first, action, options);
}

function rawUrl(connection: AzureConnection, pathOrNextLink: string, apiVersion: string, options: ArmRawOptions): string {
	const url = new URL(armUrl(connection, pathOrNextLink));
	if (!url.searchParams.has('api-version')) {
		url.searchParams.set('api-version', apiVersion);
	}
	for (const [name, value] of Object.entries(options.query ?? {})) {
		url.searchParams.set(name, value);
	}
	return url.toString();
}
