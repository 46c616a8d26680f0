import type { Page } from './azure/arm';

/**
 * The pages of one paged list fetched so far: the first page on first use, one more page per
 * `loadMore()`, never all pages at once. Shared by every paged folder of the tree.
 *
 * - A page that comes back empty but has a next page is not the end (ARM may answer
 *   `{"value": [], "nextLink": …}`): the next page is fetched at once, so a list reads as empty
 *   only when it really ended.
 * - `reset()` starts a new generation: a request still in flight from before it is never reused
 *   and its answer is dropped, so a refresh during "Load more…" cannot put old pages back.
 */
export class PagedList<T> {
	private items: T[] = [];
	private nextPageToken: string | undefined;
	private loaded = false;
	private generation = 0;
	private pending: { readonly generation: number; readonly done: Promise<void> } | undefined;

	constructor(private readonly fetchPage: (pageToken: string | undefined) => Promise<Page<T>>) {}

	/** The items of the pages fetched so far, in order. */
	get fetched(): readonly T[] {
		return this.items;
	}

	get hasMore(): boolean {
		return this.nextPageToken !== undefined;
	}

	/** The first page, unless it is already here; resolves once this generation's first page is. */
	async ensureLoaded(): Promise<void> {
		while (!this.loaded) {
			await this.loadMore();
		}
	}

	/** Fetches the next page (the first when nothing is loaded); concurrent calls share one request. */
	loadMore(): Promise<void> {
		if (this.pending?.generation === this.generation) {
			return this.pending.done;
		}
		const generation = this.generation;
		const done = this.fetchNonEmpty(this.loaded ? this.nextPageToken : undefined, () => generation === this.generation).then((page) => {
			if (generation !== this.generation) {
				return; // a refresh came in while this page was on its way
			}
			this.items.push(...page.items);
			this.nextPageToken = page.nextPageToken;
			this.loaded = true;
		});
		const pending = { generation, done };
		this.pending = pending;
		const clear = () => {
			if (this.pending === pending) {
				this.pending = undefined;
			}
		};
		done.then(clear, clear);
		return done;
	}

	/** Forget the pages: the next use starts again from the first page. */
	reset(): void {
		this.generation++;
		this.items = [];
		this.nextPageToken = undefined;
		this.loaded = false;
		this.pending = undefined;
	}

	/** A page with items, or the last page: empty pages with a next page are followed. */
	private async fetchNonEmpty(pageToken: string | undefined, current: () => boolean): Promise<Page<T>> {
		let token = pageToken;
		let page = await this.fetchPage(token);
		// A next link equal to the one just followed would never end: treat it as the end.
		while (page.items.length === 0 && page.nextPageToken !== undefined && page.nextPageToken !== token && current()) {
			token = page.nextPageToken;
			page = await this.fetchPage(token);
		}
		return page;
	}
}
