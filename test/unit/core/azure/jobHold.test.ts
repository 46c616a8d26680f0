import * as assert from 'node:assert/strict';
import { putCommandJob } from '../../../../src/core/backends/azure/jobs';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import { waitForStatus } from './waitForStatus';

/** A test holds an emulated job at a step, serves it whatever it needs to, then lets it finish. */
describe('emulator job hold and release', () => {
	let emulator: AzureMlEmulator;
	const release = async (body: Record<string, unknown>) => {
		const response = await fetch(`${emulator.origin}/_emulator/jobs/release`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
		return response.status;
	};

	before(async () => {
		emulator = await sharedEmulator();
	});

	afterEach(() => emulator.reset());

	it('keeps the job Running before the held step until it is released, then completes it', async () => {
		const workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		const ref = { subscriptionId: workspace.ref.subscriptionId, resourceGroup: workspace.ref.resourceGroup, workspace: workspace.ref.workspace };
		emulator.setScenario({ steps: 3, holdBeforeStep: 2, metrics: ['loss'] });
		await putCommandJob(workspace, 'held', { command: 'python train.py', environmentId: 'azureml:env:1', experimentName: 'mnist' });
		await waitForStatus(workspace, 'held', 'Running');
		const job = emulator.context.state.workspace(ref.subscriptionId, ref.resourceGroup, ref.workspace)?.jobs.get('held');
		for (let turn = 0; job?.release === undefined; turn++) {
			assert.ok(turn < 10_000, 'the job never reached its held step');
			await new Promise((r) => setTimeout(r, 5));
		}
		assert.equal(job.metrics.get('loss')?.length, 1, 'step 1 ran, step 2 waits');
		assert.equal(job.status, 'Running');

		assert.equal(await release({ ...ref, name: 'held' }), 200);
		await waitForStatus(workspace, 'held', 'Completed');
		assert.equal(job.metrics.get('loss')?.length, 3);
		assert.equal(await release({ ...ref, name: 'held' }), 409, 'a job that is not held cannot be released');
	});
});
