import { getContinuationToken } from '@azure/arm-machinelearning';
import { toAzureError } from './errors';

/** One page of a list, and the token for the next one (absent on the last page). */
export interface Page<T> {
	readonly items: readonly T[];
	readonly nextPageToken?: string;
}

interface Pageable<T> {
	byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

/** Runs one SDK call, turning its failure into an AzureError that says what was being done. */
export async function armCall<T>(action: string, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw toAzureError(error, action);
	}
}

/** Fetches exactly one page of an SDK list (the token is the service's `nextLink`). */
export function onePage<T>(action: string, list: Pageable<T>, pageToken?: string): Promise<Page<T>> {
	return armCall(action, async () => {
		const pages = list.byPage(pageToken ? { continuationToken: pageToken } : undefined);
		const result = await pages.next();
		const items = result.done ? [] : result.value;
		return { items, nextPageToken: getContinuationToken(items) };
	});
}

interface Poller<T> {
	pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

/** Starts an SDK long-running operation and waits for it to finish (cancellable). */
export function runLro<T>(action: string, begin: () => Promise<Poller<T>>, signal?: AbortSignal): Promise<T> {
	return armCall(action, async () => (await begin()).pollUntilDone({ abortSignal: signal }));
}
