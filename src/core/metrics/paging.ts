/** One page of a paged list: MLflow's `metrics` + `next_page_token`, the run-history `value` + `continuationToken`. */
export interface Page<T> {
	readonly items: readonly T[];
	/** Absent or empty on the last page. */
	readonly nextPageToken?: string;
}

/** A service that keeps handing out pages past this is looping, not paging (1,000,000 points at 1,000 a page). */
const maxPages = 10_000;

/**
 * Every page of a paged list, concatenated in the order the service returned them. Loops while a
 * next-page token comes back and never assumes the page size asked for was honoured (MLflow's
 * `max_results` is a hint). A token seen before would repeat pages forever, so it is an error.
 */
export async function fetchAllPages<T>(
	fetchPage: (pageToken: string | undefined, signal?: AbortSignal) => Promise<Page<T>>,
	signal?: AbortSignal,
): Promise<T[]> {
	const items: T[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	for (let pages = 0; ; pages++) {
		signal?.throwIfAborted();
		if (pages === maxPages) {
			throw new Error(`Gave up after ${maxPages} pages: the service keeps returning a next page.`);
		}
		const page = await fetchPage(token, signal);
		for (const item of page.items) {
			items.push(item);
		}
		token = page.nextPageToken || undefined;
		if (token === undefined) {
			return items;
		}
		if (seen.has(token)) {
			throw new Error('The service returned the same page token twice; stopping instead of looping.');
		}
		seen.add(token);
	}
}
