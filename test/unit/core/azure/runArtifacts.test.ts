import * as assert from 'node:assert/strict';
import { AzureRunBackend } from '../../../../src/core/backends/azure/AzureRunBackend';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { putCommandJob } from '../../../../src/core/backends/azure/jobs';
import { isAzureError } from '../../../../src/core/azure/errors';
import { listRunArtifacts } from '../../../../src/core/azure/runArtifacts';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import { waitForStatus } from './waitForStatus';

describe('run artifacts through run history', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let backend: AzureRunBackend;

	before(async () => {
		emulator = await sharedEmulator();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		backend = new AzureRunBackend(workspace);
		await putCommandJob(workspace, 'outputs-job', { command: 'python train.py', environmentId: 'azureml:env:1', experimentName: 'mnist', displayName: 'outputs' });
		await waitForStatus(workspace, 'outputs-job', 'Completed');
	});

	afterEach(() => {
		emulator.context.settings.artifactsPageSize = 50;
	});

	it('lists what the job wrote to outputs/ with a read-only address each, and reads a file by offset', async () => {
		const listed = await backend.listArtifacts('outputs-job', 'outputs/');
		assert.deepEqual(
			listed.map((a) => a.path),
			['outputs/metrics.json', 'outputs/model/MLmodel', 'outputs/model/weights.json'],
		);
		assert.ok(listed.every((a) => a.contentUri?.includes('sig=')));
		const mlmodel = listed.find((a) => a.path === 'outputs/model/MLmodel');
		assert.ok(mlmodel);
		const { bytes } = await backend.artifactReader('outputs-job', mlmodel).read(0);
		assert.match(Buffer.from(bytes).toString('utf8'), /^artifact_path: model\nflavors:/);
		assert.ok((await backend.listArtifacts('outputs-job', '')).some((a) => a.path === 'azureml-logs/70_driver_log.txt'), 'logs are artifacts too');
	});

	it('follows continuation tokens page after page until the last', async () => {
		emulator.context.settings.artifactsPageSize = 2;
		emulator.clearRequests();
		const all = await listRunArtifacts(workspace.connection.http, await workspace.apiBase(), workspace.ref, 'mnist', 'outputs-job', 'outputs/');
		assert.equal(all.length, 3);
		const pages = emulator.requests().filter((r) => r.path.endsWith('/artifacts/prefix/contentinfo'));
		assert.equal(pages.length, 2);
		assert.equal(pages[0].query.continuationToken, undefined);
		assert.ok(pages[1].query.continuationToken);
		assert.equal(pages[1].query.path, 'outputs/');
	});

	it('reports a run of another experiment as not found', async () => {
		await assert.rejects(listRunArtifacts(workspace.connection.http, await workspace.apiBase(), workspace.ref, 'forex', 'outputs-job', ''), (error: unknown) => isAzureError(error, 'azure.notFound'));
	});
});
