import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/logger';
import { MetricsFeed, type FeedListener, type FeedRunState, type SeriesChange } from '../../../../src/core/metrics/MetricsFeed';
import type { SeriesColumns } from '../../../../src/core/metrics/SeriesColumns';
import { RunStatusHub } from '../../../../src/core/runs/RunStatusHub';
import { InMemoryRunBackend, trainingCurve } from '../../../support/InMemoryRunBackend';

interface Recorded {
	states: { id: string; state: FeedRunState }[];
	series: { id: string; key: string; change: SeriesChange; length: number; steps: number[] }[];
}

function recorder(): FeedListener & Recorded {
	const states: Recorded['states'] = [];
	const series: Recorded['series'] = [];
	return {
		states,
		series,
		onRunState: (id, state) => states.push({ id, state }),
		onSeries: (id, key, change, columns: SeriesColumns) =>
			series.push({ id, key, change, length: columns.length, steps: Array.from(columns.steps.subarray(change.kind === 'append' ? change.from : 0)) }),
	};
}

const until = async (condition: () => boolean, timeoutMs = 3000) => {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('timed out');
		}
		await new Promise((r) => setTimeout(r, 5));
	}
};

describe('MetricsFeed', () => {
	let feed: MetricsFeed | undefined;
	afterEach(() => feed?.dispose());

	it('loads every key of every run, all pages, in order', async () => {
		const backend = new InMemoryRunBackend('local', 'w', 100)
			.addRun('a', 'Completed')
			.log('a', 'loss', trainingCurve(0, 250))
			.log('a', 'accuracy', trainingCurve(0, 30))
			.addRun('b', 'Completed')
			.log('b', 'loss', trainingCurve(0, 10));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }, { id: 'B', backend, runId: 'b' }], events, { logger: silentLogger, intervalMs: 10 });
		await feed.start();
		const lengths = Object.fromEntries(events.series.map((s) => [`${s.id}/${s.key}`, s.length]));
		assert.deepEqual(lengths, { 'A/loss': 250, 'A/accuracy': 30, 'B/loss': 10 });
		assert.deepEqual(events.series.find((s) => s.key === 'loss' && s.id === 'A')?.steps, Array.from({ length: 250 }, (_, i) => i));
		assert.deepEqual(events.states.map((s) => [s.id, s.state.status, s.state.live, s.state.loading]).sort(), [['A', 'Completed', false, false], ['B', 'Completed', false, false]]);
		assert.equal(feed.isPolling, false, 'terminal runs are not polled');
	});

	it('appends only the new points while a run is active, and stops after the poll that sees it end', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 5));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger, intervalMs: 20 });
		await feed.start();
		assert.deepEqual(events.series.map((s) => s.change.kind), ['replace']);

		backend.log('a', 'loss', trainingCurve(5, 8)).log('a', 'accuracy', trainingCurve(0, 2));
		await until(() => events.series.length >= 3);
		assert.deepEqual(events.series.slice(1).map((s) => [s.key, s.change, s.steps]).sort(), [
			['accuracy', { kind: 'replace' }, [0, 1]],
			['loss', { kind: 'append', from: 5 }, [5, 6, 7]],
		]);

		// The script logs its last points and ends between two polls: the poll that sees the end gets them.
		backend.log('a', 'loss', trainingCurve(8, 9)).setStatus('a', 'Completed');
		await until(() => events.states.some((s) => s.state.status === 'Completed'));
		assert.deepEqual(events.series.at(-1)?.steps, [8]);
		assert.equal(events.states.at(-1)?.state.live, false);
		const calls = backend.calls.getMetricHistory;
		await new Promise((r) => setTimeout(r, 100));
		assert.equal(backend.calls.getMetricHistory, calls, 'no polling after the run ended');
		assert.equal(feed.isPolling, false);
	});

	it('sends a replace when the history was rewritten', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 5));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger, intervalMs: 10 });
		await feed.start();
		backend.log('a', 'loss', [{ step: 2, timestamp: Date.now() + 1e6, value: 9 }]);
		await until(() => events.series.length >= 2);
		assert.deepEqual(events.series[1].change, { kind: 'replace' });
		assert.deepEqual(events.series[1].steps, [0, 1, 2, 2, 3, 4]);
	});

	it('does not poll while paused, and refreshes at once when resumed', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 5));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger, intervalMs: 10 });
		await feed.start();
		feed.setPaused(true);
		const calls = backend.calls.getRun;
		await new Promise((r) => setTimeout(r, 80));
		assert.equal(backend.calls.getRun, calls);
		assert.equal(feed.isPolling, false);
		backend.log('a', 'loss', trainingCurve(5, 6));
		feed.setPaused(false);
		await until(() => events.series.length === 2);
		assert.deepEqual(events.series[1].steps, [5]);
	});

	it('shows a run that fails to load as an error and still loads the others', async () => {
		const backend = new InMemoryRunBackend().addRun('good', 'Completed').log('good', 'loss', trainingCurve(0, 3));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'bad', backend, runId: 'missing' }, { id: 'good', backend, runId: 'good' }], events, { logger: silentLogger });
		await feed.start();
		const bad = events.states.find((s) => s.id === 'bad')?.state;
		assert.match(bad?.error ?? '', /No run missing/);
		assert.equal(bad?.live, false);
		assert.deepEqual(events.series.map((s) => s.id), ['good']);
	});

	it('reports a metric that cannot be read on its run and draws the other metrics', async () => {
		const backend = new InMemoryRunBackend()
			.addRun('a', 'Completed')
			.log('a', 'loss', trainingCurve(0, 3))
			.log('a', 'accuracy', trainingCurve(0, 3))
			.failNext('a', new Error('500 Internal'), 'accuracy');
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger });
		await feed.start();
		assert.deepEqual(events.series.map((s) => s.key), ['loss']);
		assert.equal(events.states.at(-1)?.state.error, 'Could not read accuracy: 500 Internal');
	});

	it('keeps the data through a failed refresh, retries, and clears the error when it works again', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 3));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger, intervalMs: 10 });
		await feed.start();
		backend.failNext('a', new Error('ECONNRESET'));
		await until(() => events.states.some((s) => /retrying: ECONNRESET/.test(s.state.error ?? '')));
		assert.equal(events.states.at(-1)?.state.live, true);
		await until(() => events.states.at(-1)?.state.error === undefined);
	});

	it('gives up on a run after five refreshes in a row fail', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 3));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger, intervalMs: 5 });
		await feed.start();
		for (let i = 0; i < 5; i++) {
			backend.failNext('a', new Error('503'));
		}
		await until(() => events.states.at(-1)?.state.live === false);
		assert.match(events.states.at(-1)?.state.error ?? '', /Stopped refreshing after 5 failures: 503/);
	});

	it('leaves out points without a finite step or timestamp', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Completed').log('a', 'loss', [
			{ step: 0, timestamp: 1, value: 1 },
			{ step: NaN, timestamp: 2, value: 2 },
			{ step: 1, timestamp: Infinity, value: 3 },
			{ step: 2, timestamp: 3, value: NaN },
		]);
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger });
		await feed.start();
		assert.deepEqual(events.series[0].steps, [0, 2]);
	});

	it('stops everything when disposed mid-refresh', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 3));
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], events, { logger: silentLogger, intervalMs: 5 });
		const loading = feed.start();
		feed.dispose();
		await loading;
		const calls = backend.calls.getRun;
		await new Promise((r) => setTimeout(r, 50));
		assert.equal(backend.calls.getRun, calls);
		assert.equal(feed.isPolling, false);
	});
});

describe('MetricsFeed on a shared status poll', () => {
	let feed: MetricsFeed | undefined;
	let hub: RunStatusHub | undefined;
	afterEach(() => {
		feed?.dispose();
		hub?.dispose();
	});

	it('makes no status requests of its own and fetches only the histories whose latest point moved', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 5)).log('a', 'lr', [{ step: 0, value: 0.1, timestamp: 1 }]);
		hub = new RunStatusHub({ intervalMs: { local: 5 } });
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a', status: hub.feed(backend, 'a') }], events, { logger: silentLogger, historyIntervalMs: 0 });
		void feed.start();
		await until(() => events.series.length === 2);
		assert.equal(backend.calls.getMetricHistory, 2);
		backend.log('a', 'loss', trainingCurve(5, 7));
		await until(() => events.series.length === 3);
		assert.deepEqual(events.series[2], { id: 'A', key: 'loss', change: { kind: 'append', from: 5 }, length: 7, steps: [5, 6] });
		const polls = backend.calls.getRun;
		await until(() => backend.calls.getRun >= polls + 3);
		assert.equal(backend.calls.getMetricHistory, 3, 'lr never moved, and loss only once');
		assert.equal(backend.calls.listMetricKeys, 0);
		backend.setStatus('a', 'Completed');
		await until(() => !feed!.isPolling);
		assert.equal(hub.activeRuns, 0);
	});

	it('waits historyIntervalMs between history fetches of a live run, and stops asking while paused', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'loss', trainingCurve(0, 5));
		hub = new RunStatusHub({ intervalMs: { local: 5 } });
		const events = recorder();
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a', status: hub.feed(backend, 'a') }], events, { logger: silentLogger, historyIntervalMs: 60_000 });
		void feed.start();
		await until(() => events.series.length === 1);
		backend.log('a', 'loss', trainingCurve(5, 6));
		const polls = backend.calls.getRun;
		await until(() => backend.calls.getRun >= polls + 3);
		assert.equal(backend.calls.getMetricHistory, 1, 'not due yet');
		feed.setPaused(true);
		assert.equal(hub.activeRuns, 0, 'a hidden chart keeps no poll alive');
	});
});
