import * as assert from 'node:assert/strict';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { cancelJob, putCommandJob, getJob, listJobs } from '../../../../src/core/backends/azure/jobs';
import { addCompute } from '../../../emulator/arm/computes';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { seedJobs } from '../../../emulator/seed';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('jobs', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;

	before(async () => {
		emulator = await sharedEmulator();
	});

	beforeEach(async () => {
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
	});

	afterEach(() => emulator.reset());

	const emulatorWorkspace = () => emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!;

	it('submits a command job and reads it back with what the service added', async () => {
		const compute = `${workspace.armId}/computes/cpu`;
		addCompute(emulatorWorkspace(), 'cpu', { vmSize: 'STANDARD_DS3_V2', scaleSettings: { maxNodeCount: 1 } }, 'eastus2');
		const created = await putCommandJob(workspace, 'train-1', {
			command: 'python train.py --epochs ${{inputs.epochs}}',
			environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
			computeId: compute,
			experimentName: 'mnist',
			displayName: 'LeNet',
			inputs: { epochs: { jobInputType: 'literal', value: '5' } },
		});
		assert.equal(created.name, 'train-1');
		assert.equal(created.properties.status, 'NotStarted');
		const job = await getJob(workspace, 'train-1');
		assert.equal(job.properties.experimentName, 'mnist');
		assert.match(String(job.properties.services?.Studio?.endpoint), /^https:\/\/ml\.azure\.com\/runs\/train-1\?wsid=/);
		const outputs = (job.properties as { outputs?: Record<string, { uri?: string }> }).outputs;
		assert.equal(outputs?.default?.uri, 'azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.train-1');
	});

	it('pages through 10,000 jobs newest first, one page per call', async function () {
		this.timeout(60_000);
		seedJobs(emulator.context, emulatorWorkspace(), 10_000);
		const first = await listJobs(workspace);
		assert.equal(first.items.length, 50);
		assert.ok(first.nextPageToken);
		assert.equal(first.items[0].name, 'load-009999');
		const seen = new Set(first.items.map((j) => j.name));
		let previous = first.items.at(-1)!.systemData!.createdAt!.getTime();
		let token: string | undefined = first.nextPageToken;
		let pages = 1;
		while (token) {
			const page = await listJobs(workspace, token);
			for (const job of page.items) {
				const created = job.systemData!.createdAt!.getTime();
				assert.ok(created <= previous, 'newest first');
				previous = created;
				seen.add(job.name);
			}
			token = page.nextPageToken;
			pages++;
		}
		assert.equal(seen.size, 10_000);
		assert.equal(pages, 200);
	});

	it('cancels a running job as a long-running operation', async () => {
		emulator.setScenario({ statusMs: { NotStarted: 5, Queued: 5, Preparing: 5, Finalizing: 5 }, steps: 1000, stepMs: 20 });
		await putCommandJob(workspace, 'long-run', { command: 'python train.py', environmentId: 'azureml:env:1' });
		await cancelJob(workspace, 'long-run');
		assert.equal((await getJob(workspace, 'long-run')).properties.status, 'Canceled');
	});

	it('refuses a job name the service would refuse, before calling it', async () => {
		await assert.rejects(putCommandJob(workspace, 'bad name!', { command: 'x', environmentId: 'e' }), (e: unknown) => isAzureError(e, 'azure.config'));
	});

	it('says which job is missing', async () => {
		await assert.rejects(getJob(workspace, 'ghost'), (e: unknown) => isAzureError(e, 'azure.notFound') && /Could not read job "ghost"/.test((e as Error).message));
	});
});
