import * as assert from 'node:assert/strict';
import type { JobStatus, RunDetails } from '../../../../src/core/backends/types';
import { RunStatusHub } from '../../../../src/core/runs/RunStatusHub';
import { InMemoryRunBackend } from '../../../support/InMemoryRunBackend';

const until = async (condition: () => boolean, what: string, timeoutMs = 5000) => {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 2));
	}
};

describe('RunStatusHub', () => {
	let hub: RunStatusHub;
	beforeEach(() => (hub = new RunStatusHub({ intervalMs: { local: 5, azure: 5 }, perRunMs: { local: 0, azure: 0 }, maxBackoffMs: 40 })));
	afterEach(() => hub.dispose());

	it('polls a run once for every view of it, and stops when the last view leaves', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running');
		const seen: JobStatus[][] = [[], [], []];
		const subs = seen.map((list) => hub.watch(backend, 'a', { onRun: (run) => list.push(run.status) }));
		await until(() => seen.every((list) => list.length >= 3), 'three polls seen by every view');
		assert.ok(backend.calls.getRun <= Math.max(...seen.map((l) => l.length)) + 1, `one request per poll, not per view (${backend.calls.getRun} calls)`);
		subs.forEach((s) => s.dispose());
		assert.equal(hub.activeRuns, 0);
		const calls = backend.calls.getRun;
		await hub.pollAll();
		assert.equal(backend.calls.getRun, calls, 'nothing is polled once nobody watches');
	});

	it('stops polling a run after the poll that sees it end; a late view hears the last status without a request', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running');
		const statuses: JobStatus[] = [];
		const sub = hub.watch(backend, 'a', { onRun: (run) => statuses.push(run.status) });
		await until(() => statuses.length > 0, 'the first poll');
		backend.setStatus('a', 'Completed');
		await until(() => statuses.includes('Completed'), 'the terminal status');
		assert.equal(hub.activeRuns, 0);
		const calls = backend.calls.getRun;
		const late: RunDetails[] = [];
		const second = hub.watch(backend, 'a', { onRun: (run) => late.push(run) });
		await until(() => late.length === 1, 'the last status');
		assert.equal(late[0].status, 'Completed');
		assert.equal(backend.calls.getRun, calls);
		sub.dispose();
		second.dispose();
	});

	it('backs off while polls fail, says how many failed in a row, and recovers', async () => {
		const backend = new InMemoryRunBackend().addRun('a', 'Running');
		for (let i = 0; i < 4; i++) {
			backend.failNext('a', new Error('HTTP 503'));
		}
		const failures: number[] = [];
		const runs: RunDetails[] = [];
		const started = Date.now();
		const sub = hub.watch(backend, 'a', { onRun: (run) => runs.push(run), onError: (_e, n) => failures.push(n) });
		await until(() => runs.length > 0, 'a poll after the failures');
		assert.deepEqual(failures, [1, 2, 3, 4]);
		// Pauses of 10, 20, 40 (capped), 40 ms after failures instead of 5 ms each.
		assert.ok(Date.now() - started >= 100, `backed off (${Date.now() - started} ms)`);
		sub.dispose();
	});

	it('spreads one request budget over many runs of a kind', () => {
		const spread = new RunStatusHub({ intervalMs: { azure: 5_000 }, perRunMs: { azure: 2_500 } });
		const backend = new InMemoryRunBackend('azure', 'ws');
		const subs = Array.from({ length: 10 }, (_, i) => {
			backend.addRun(`r${i}`, 'Running');
			return spread.watch(backend, `r${i}`, { onRun: () => undefined });
		});
		assert.equal(spread.intervalOf('azure'), 25_000);
		assert.equal(spread.feed(backend, 'r0').intervalMs, 25_000);
		subs.slice(2).forEach((s) => s.dispose());
		assert.equal(spread.intervalOf('azure'), 5_000);
		spread.dispose();
	});
});
