import * as assert from 'node:assert/strict';
import type { JobStatus, RunSummary } from '../../../../src/core/backends/types';
import { recentRuns } from '../../../../src/core/runs/recentRuns';

const run = (id: string, status: JobStatus, createdAt?: number, startedAt?: number): RunSummary => ({ id, experiment: 'e', status, createdAt, startedAt });

describe('recentRuns', () => {
	const local = { source: 'local', runs: [run('l-new', 'Running', undefined, 300), run('l-old', 'Completed', undefined, 100)] };
	const azure = { source: 'ws', runs: [run('a-mid', 'Queued', 200), run('a-untimed', 'Failed'), run('a-newest', 'Completed', 400)] };

	it('merges every place newest first, runs without a time last, each with its place', () => {
		const picked = recentRuns([local, azure]);
		assert.deepEqual(
			picked.map((r) => `${r.source}/${r.run.id}`),
			['ws/a-newest', 'local/l-new', 'ws/a-mid', 'local/l-old', 'ws/a-untimed'],
		);
	});

	it('offers only active runs when asked (Cancel Job)', () => {
		assert.deepEqual(
			recentRuns([local, azure], { activeOnly: true }).map((r) => r.run.id),
			['l-new', 'a-mid'],
		);
	});

	it('keeps at most the limit, the newest ones', () => {
		assert.deepEqual(
			recentRuns([local, azure], { limit: 2 }).map((r) => r.run.id),
			['a-newest', 'l-new'],
		);
	});

	it('keeps the given order for runs of the same time, and gives nothing for no runs', () => {
		const same = [run('x', 'Running', 5), run('y', 'Running', 5)];
		assert.deepEqual(recentRuns([{ source: 1, runs: same }]).map((r) => r.run.id), ['x', 'y']);
		assert.deepEqual(recentRuns([{ source: 1, runs: [] }]), []);
	});
});
