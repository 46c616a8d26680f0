import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { createOnlineEndpoint, deleteOnlineEndpoint, getDeploymentLogs, getOnlineEndpoint, invokeEndpoint, listOnlineEndpoints } from '../../../../src/core/backends/azure/endpoints';
import { deployToAzure, type AzureDeployPlan, type DeployFailedError } from '../../../../src/core/endpoints/deployToAzure';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import { registerScaleModel, writeScoringProject } from '../../../support/scoringProject';

describe('deploy to a managed online endpoint', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let folder: string;
	let good: string;
	let failing: string;

	before(async () => {
		emulator = await sharedEmulator();
		folder = await mkdtemp(path.join(tmpdir(), 'deploy-test-'));
		good = await writeScoringProject(path.join(folder, 'good'));
		failing = await writeScoringProject(path.join(folder, 'failing'), { initFails: 'the model file is corrupt' });
	});

	after(() => rm(folder, { recursive: true, force: true }));

	beforeEach(async () => {
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		emulator.setLro({ polls: 1 });
	});

	afterEach(() => emulator.reset());

	const plan = (script: string, overrides: Partial<AzureDeployPlan> = {}): AzureDeployPlan => ({
		endpoint: { kind: 'new', name: 'scale-ep', authMode: 'Key' },
		deployment: 'blue',
		modelId: '',
		scoringScript: script,
		codeFolder: path.dirname(script),
		environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1' },
		instanceType: 'Standard_DS3_v2',
		instanceCount: 1,
		trafficShare: 0,
		...overrides,
	});

	it('creates the endpoint, uploads the code once, deploys, routes 100% to the first deployment, and the model answers', async () => {
		const modelId = await registerScaleModel(workspace, 'scale', 3);
		const steps: string[] = [];
		const first = await deployToAzure(workspace, plan(good, { modelId }), { onProgress: (step) => steps.push(step) });
		assert.deepEqual([...new Set(steps)], ['check', 'endpoint', 'code', 'environment', 'deployment', 'traffic']);
		assert.equal(first.codeUploaded, true);
		assert.deepEqual(first.traffic, { blue: 100 });
		assert.equal(first.endpoint.properties.authMode, 'Key');
		assert.equal(first.deployment.properties.provisioningState, 'Succeeded');
		assert.deepEqual((await invokeEndpoint(workspace, 'scale-ep', { data: [1, 2] })).body, { predictions: [3, 6] });

		// A second deployment to the same endpoint: the code is found by hash, the traffic split as asked.
		emulator.clearRequests();
		const second = await deployToAzure(workspace, plan(good, { modelId, endpoint: { kind: 'existing', name: 'scale-ep' }, deployment: 'green', trafficShare: 20 }));
		assert.equal(second.codeUploaded, false);
		assert.equal(emulator.requests().filter((r) => r.path.includes('startPendingUpload')).length, 0);
		assert.deepEqual((await getOnlineEndpoint(workspace, 'scale-ep')).properties.traffic, { blue: 80, green: 20 });
		assert.deepEqual((await invokeEndpoint(workspace, 'scale-ep', { data: [5] }, { deployment: 'green' })).body, { predictions: [15] });

		// Deleting the endpoint stops its deployments' servers.
		const servers = ['blue', 'green'].map((d) => emulator.context.deployments.baseUri(`${first.endpoint.id ?? ''}/deployments/${d}`.toLowerCase()));
		assert.ok(servers.every(Boolean), 'both deployments serve');
		await deleteOnlineEndpoint(workspace, 'scale-ep');
		for (const server of servers) {
			await assert.rejects(fetch(`${server ?? ''}/`), 'the server is stopped');
		}
	});

	it('reports a failed init() with the service\'s reason and the container logs, and can remove what it created', async () => {
		const modelId = await registerScaleModel(workspace, 'scale', 3);
		const error = (await deployToAzure(workspace, plan(failing, { modelId })).then(
			() => assert.fail('the deploy should fail'),
			(e: unknown) => e,
		)) as DeployFailedError;
		assert.ok(isAzureError(error, 'azure.operationFailed'), String(error));
		assert.match(error.message, /init\(\) failed \(RuntimeError: the model file is corrupt\)/);
		assert.match(error.message, /this deploy created endpoint "scale-ep"/);
		assert.match(error.logs ?? '', /Traceback[\s\S]*RuntimeError: the model file is corrupt/);
		assert.equal(await getDeploymentLogs(workspace, 'scale-ep', 'blue'), error.logs?.split('\n').slice(-500).join('\n'));
		assert.deepEqual(error.created, ['endpoint "scale-ep"']);
		await error.cleanUp();
		assert.deepEqual((await listOnlineEndpoints(workspace)).items, []);
	});

	it('refuses a bad plan before any request, with the rules', async () => {
		await writeFile(path.join(folder, 'no_run.py'), 'def init():\n    pass\n');
		emulator.clearRequests();
		await assert.rejects(
			deployToAzure(workspace, plan(path.join(folder, 'no_run.py'), { endpoint: { kind: 'new', name: '1bad', authMode: 'Key' }, deployment: 'x', instanceCount: 0, trafficShare: 101 })),
			(e: unknown) =>
				isAzureError(e, 'azure.config') &&
				/"1bad" is not a valid endpoint name/.test((e as Error).message) &&
				/"x" is not a valid deployment name/.test((e as Error).message) &&
				/from 0 to 100/.test((e as Error).message) &&
				/from 1 to 100/.test((e as Error).message) &&
				/does not define run\(\)/.test((e as Error).message),
		);
		assert.deepEqual(emulator.requests(), []);
	});

	it('refuses a new endpoint whose name is taken, before creating anything', async () => {
		await createOnlineEndpoint(workspace, 'scale-ep', { authMode: 'Key' });
		await assert.rejects(deployToAzure(workspace, plan(good, { modelId: await registerScaleModel(workspace, 'scale', 2) })), /already exists/);
	});

	it('follows the operations as Retry-After asks, and stops polling when cancelled', async () => {
		const modelId = await registerScaleModel(workspace, 'scale', 3);
		emulator.setLro({ polls: 2, retryAfterSeconds: 7 });
		const waits: number[] = [];
		await deployToAzure(workspace, plan(good, { modelId }), { wait: (ms) => Promise.resolve(waits.push(ms)) });
		assert.ok(waits.length >= 6, `polled ${waits.length} times`);
		assert.ok(
			waits.every((ms) => ms === 7000),
			`waits ${waits.join(', ')}`,
		);

		emulator.setLro({ polls: 1000 });
		const controller = new AbortController();
		let polls = 0;
		const cancelled = deployToAzure(workspace, plan(good, { modelId, endpoint: { kind: 'new', name: 'other-ep', authMode: 'Key' } }), {
			signal: controller.signal,
			wait: () => {
				if (++polls === 3) {
					controller.abort();
				}
				return Promise.resolve();
			},
		});
		await assert.rejects(cancelled, (e: unknown) => /Deploy cancelled \(this deploy created endpoint "other-ep"\)/.test((e as Error).message));
		assert.equal(polls, 3);
	});
});
