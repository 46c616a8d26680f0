import { setTimeout as sleep } from 'node:timers/promises';
import type { AzureConnection } from './AzureConnection';
import { AzureError } from './errors';
import { retryAfterMs } from './retryInfo';

/** What an operation-status URL answers (`Azure-AsyncOperation`). */
export interface OperationStatus {
	readonly status?: string;
	readonly percentComplete?: number;
	readonly error?: { readonly code?: string; readonly message?: string; readonly details?: readonly { readonly code?: string; readonly message?: string }[] };
}

export interface FollowOptions {
	readonly signal?: AbortSignal;
	/** Each status as it is polled (`Updating`, `InProgress`, `Succeeded`…; a `Location` poll still answering 202 is `InProgress`). */
	readonly onPoll?: (status: string) => void;
	/** How to wait between polls; tests record the waits instead of sleeping. */
	readonly wait?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/** The first answer of a long-running call: its status and headers. */
export interface LroStart {
	readonly status: number;
	readonly headers: { get(name: string): string | undefined };
}

const terminalFailures = new Set(['failed', 'canceled', 'cancelled']);

/**
 * Follows a long-running ARM operation to its end, as ARM's async-operation rule says: poll
 * `Azure-AsyncOperation` when given (else, after a 201/202, `Location` until it stops answering 202), waiting what
 * each answer's `Retry-After` asks (else the connection's poll interval). The status URL is used
 * verbatim: its signed query parameters must not be rebuilt. A Failed or Canceled operation
 * throws an AzureError with the service's code and reason.
 */
export async function followLro(connection: AzureConnection, first: LroStart, action: string, options: FollowOptions = {}): Promise<void> {
	// Azure ML also answers an update with 200 and a status URL to follow; only 202 means "poll Location".
	const statusUrl = first.headers.get('azure-asyncoperation');
	const location = first.status === 201 || first.status === 202 ? first.headers.get('location') : undefined;
	const wait = options.wait ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }));
	let delay = pollDelayMs(first, connection.lroPollIntervalMs);
	if (!statusUrl && !location) {
		return;
	}
	for (;;) {
		await wait(delay, options.signal);
		options.signal?.throwIfAborted();
		if (statusUrl) {
			const answer = await connection.http.exchange<OperationStatus>(armUrl(connection, statusUrl), action, { signal: options.signal });
			const status = answer.body?.status ?? 'InProgress';
			options.onPoll?.(status);
			if (status.toLowerCase() === 'succeeded') {
				return;
			}
			if (terminalFailures.has(status.toLowerCase())) {
				throw operationFailed(action, status, answer.body?.error);
			}
			delay = pollDelayMs(answer, connection.lroPollIntervalMs);
		} else {
			const answer = await connection.http.exchange<unknown>(armUrl(connection, location!), action, { signal: options.signal });
			if (answer.status !== 202) {
				options.onPoll?.('Succeeded');
				return;
			}
			options.onPoll?.('InProgress');
			delay = pollDelayMs(answer, connection.lroPollIntervalMs);
		}
	}
}

function operationFailed(action: string, status: string, error: OperationStatus['error']): AzureError {
	const reason = [...new Set([error?.message, ...(error?.details ?? []).map((d) => d.message)].filter(Boolean))].join(' ');
	return new AzureError('azure.operationFailed', `Could not ${action}: the service reported that the operation ${status.toLowerCase()}${reason ? ` (${reason})` : ''}.`, {
		code: error?.details?.[0]?.code ?? error?.code,
	});
}

/** How long to wait before the next poll: what the service asked for (`Retry-After`), else our interval. */
export function pollDelayMs(response: { readonly headers: { get(name: string): string | undefined } }, fallbackMs: number, now = Date.now()): number {
	return retryAfterMs(response, now) ?? fallbackMs;
}

/** A token is only ever sent to the cloud's own ARM endpoint, whatever a `nextLink` or status URL says. */
export function armUrl(connection: AzureConnection, pathOrLink: string): string {
	const endpoint = new URL(connection.cloud.armEndpoint);
	const url = new URL(pathOrLink, endpoint);
	if (url.origin !== endpoint.origin) {
		throw new AzureError('azure.config', `Refusing to follow a link to ${url.origin}: it is not the ARM endpoint ${endpoint.origin}.`);
	}
	return url.toString();
}
