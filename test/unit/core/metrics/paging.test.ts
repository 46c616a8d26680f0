import * as assert from 'node:assert/strict';
import { fetchAllPages, type Page } from '../../../../src/core/metrics/paging';

/** A service that pages `items` by `pageSize` with opaque tokens, recording the tokens it was given. */
function pagedService(items: number[], pageSize: number) {
	const tokens: (string | undefined)[] = [];
	const fetchPage = (token: string | undefined): Promise<Page<number>> => {
		tokens.push(token);
		const start = token ? Number(token.slice(1)) : 0;
		const next = start + pageSize;
		return Promise.resolve({ items: items.slice(start, next), nextPageToken: next < items.length ? `t${next}` : undefined });
	};
	return { fetchPage, tokens };
}

describe('fetchAllPages', () => {
	it('concatenates every page in order, following the tokens', async () => {
		const items = Array.from({ length: 10 }, (_, i) => i);
		const service = pagedService(items, 3);
		assert.deepEqual(await fetchAllPages(service.fetchPage), items);
		assert.deepEqual(service.tokens, [undefined, 't3', 't6', 't9']);
	});

	it('does not rely on the page size: short and empty pages with a token still continue', async () => {
		const pages: Page<string>[] = [
			{ items: ['a'], nextPageToken: 'x' },
			{ items: [], nextPageToken: 'y' },
			{ items: ['b', 'c'], nextPageToken: '' },
		];
		let call = 0;
		assert.deepEqual(await fetchAllPages(() => Promise.resolve(pages[call++])), ['a', 'b', 'c']);
		assert.equal(call, 3);
	});

	it('stops with an error when a token comes back twice, instead of looping', async () => {
		let calls = 0;
		const looping = () => {
			calls++;
			return Promise.resolve({ items: [1], nextPageToken: calls % 2 ? 'a' : 'b' });
		};
		await assert.rejects(fetchAllPages(looping), /same page token twice/);
		assert.equal(calls, 3);
	});

	it('stops when aborted between pages', async () => {
		const abort = new AbortController();
		const fetchPage = () => {
			abort.abort();
			return Promise.resolve({ items: [1], nextPageToken: 'more' });
		};
		await assert.rejects(fetchAllPages(fetchPage, abort.signal), { name: 'AbortError' });
	});

	it('passes a page error on', async () => {
		await assert.rejects(fetchAllPages(() => Promise.reject(new Error('429 RequestThrottled'))), /RequestThrottled/);
	});
});
