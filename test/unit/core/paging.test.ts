import * as assert from 'node:assert/strict';
import type { Page } from '../../../src/core/azure/arm';
import { PagedList } from '../../../src/core/paging';

/** A list service whose answers the test releases one at a time, in any order. */
class ScriptedPages {
	readonly requests: (string | undefined)[] = [];
	private readonly waiting: { token: string | undefined; answer: (page: Page<string>) => void }[] = [];

	readonly fetch = (token: string | undefined): Promise<Page<string>> => {
		this.requests.push(token);
		return new Promise((answer) => this.waiting.push({ token, answer }));
	};

	/** Answers the oldest request still open with `page`. */
	async answer(page: Page<string>): Promise<void> {
		await until(() => this.waiting.length > 0);
		this.waiting.shift()?.answer(page);
	}
}

/** Lets promise callbacks run until `condition` holds (no timers: the list never waits for time). */
async function until(condition: () => boolean): Promise<void> {
	for (let turn = 0; !condition(); turn++) {
		assert.ok(turn < 1000, 'the condition never held');
		await Promise.resolve();
	}
}

describe('PagedList', () => {
	it('fetches the first page on first use and one more page per loadMore', async () => {
		const service = new ScriptedPages();
		const list = new PagedList(service.fetch);
		const first = list.ensureLoaded();
		await service.answer({ items: ['a', 'b'], nextPageToken: 'p2' });
		await first;
		assert.deepEqual([list.fetched, list.hasMore], [['a', 'b'], true]);
		const more = list.loadMore();
		await service.answer({ items: ['c'] });
		await more;
		assert.deepEqual([list.fetched, list.hasMore, service.requests], [['a', 'b', 'c'], false, [undefined, 'p2']]);
	});

	it('shares one request between concurrent calls', async () => {
		const service = new ScriptedPages();
		const list = new PagedList(service.fetch);
		const both = Promise.all([list.ensureLoaded(), list.ensureLoaded(), list.loadMore()]);
		await service.answer({ items: ['a'], nextPageToken: 'p2' });
		await both;
		assert.deepEqual(service.requests, [undefined]);
	});

	it('drops a page that arrives after a reset, and fetches the first page again', async () => {
		const service = new ScriptedPages();
		const list = new PagedList(service.fetch);
		const first = list.ensureLoaded();
		await service.answer({ items: ['job-old-1'], nextPageToken: 'p2' });
		await first;
		const more = list.loadMore(); // "Load more…" is on its way…
		list.reset(); // …when the store watcher refreshes
		const reloaded = list.ensureLoaded();
		await service.answer({ items: ['job-old-2'] }); // the old page 2 arrives late
		await service.answer({ items: ['job-new', 'job-old-1'], nextPageToken: 'p2' });
		await Promise.all([more, reloaded]);
		assert.deepEqual(service.requests, [undefined, 'p2', undefined]);
		assert.deepEqual(list.fetched, ['job-new', 'job-old-1']);
		assert.equal(list.hasMore, true);
	});

	it('follows the next link while a page is empty, and is empty only when the list ended', async () => {
		const service = new ScriptedPages();
		const list = new PagedList(service.fetch);
		const first = list.ensureLoaded();
		await service.answer({ items: [], nextPageToken: 'p2' });
		await service.answer({ items: [], nextPageToken: 'p3' });
		await service.answer({ items: ['a'], nextPageToken: 'p4' });
		await first;
		assert.deepEqual([list.fetched, list.hasMore, service.requests], [['a'], true, [undefined, 'p2', 'p3']]);
		const more = list.loadMore();
		await service.answer({ items: [], nextPageToken: 'p5' });
		await service.answer({ items: [] });
		await more;
		assert.deepEqual([list.fetched, list.hasMore, service.requests], [['a'], false, [undefined, 'p2', 'p3', 'p4', 'p5']]);
	});

	it('stops at a next link that repeats the one just followed', async () => {
		const service = new ScriptedPages();
		const list = new PagedList(service.fetch);
		const first = list.ensureLoaded();
		await service.answer({ items: [], nextPageToken: 'p2' });
		await service.answer({ items: [], nextPageToken: 'p2' });
		await first;
		assert.deepEqual([list.fetched, service.requests], [[], [undefined, 'p2']]);
	});
});
