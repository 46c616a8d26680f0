import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import {
	createDeployment,
	createOnlineEndpoint,
	deleteOnlineEndpoint,
	getDeployment,
	getEndpointKeys,
	getEndpointToken,
	getOnlineEndpoint,
	invokeEndpoint,
	listDeployments,
	listOnlineEndpoints,
	setEndpointTraffic,
} from '../../../../src/core/backends/azure/endpoints';
import { prepareCodeFolder } from '../../../../src/core/jobs/localChecks';
import { registerSnapshot, sendSnapshot, Undo } from '../../../../src/core/jobs/submitCommandJob';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import { registerScaleModel, writeScoringProject } from '../../../support/scoringProject';

describe('online endpoints', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let folder: string;

	before(async () => {
		emulator = await sharedEmulator();
		folder = await mkdtemp(path.join(tmpdir(), 'endpoints-test-'));
		await writeScoringProject(path.join(folder, 'scale'));
	});

	after(() => rm(folder, { recursive: true, force: true }));

	/** A deployment spec with a real model (scale 3) and the uploaded score.py. */
	async function scaleDeployment() {
		const model = await registerScaleModel(workspace, 'scale', 3);
		const code = await prepareCodeFolder(path.join(folder, 'scale'));
		const uri = await sendSnapshot(workspace, code, 'scale-code', new Undo(workspace), {}, () => undefined);
		const codeId = await registerSnapshot(workspace, code, 'scale-code', uri, new Undo(workspace));
		return { model, instanceType: 'Standard_DS3_v2', code: { codeId, scoringScript: 'score.py' }, environmentId: `${workspace.armId}/environments/serve/versions/1` };
	}

	beforeEach(async () => {
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		emulator.setLro({ polls: 1 });
	});

	afterEach(() => emulator.reset());

	it('creates an endpoint and a deployment as long-running operations, routes traffic and scores', async () => {
		const endpoint = await createOnlineEndpoint(workspace, 'mnist-ep', { authMode: 'Key', description: 'LeNet' });
		assert.equal(endpoint.properties.provisioningState, 'Succeeded');
		assert.match(endpoint.properties.scoringUri ?? '', /\/score\/mnist-ep$/);
		const deployment = await createDeployment(workspace, 'mnist-ep', 'blue', await scaleDeployment());
		assert.equal(deployment.properties.provisioningState, 'Succeeded');
		assert.equal((await getDeployment(workspace, 'mnist-ep', 'blue')).sku?.capacity, 1);
		assert.deepEqual(
			(await listDeployments(workspace, 'mnist-ep')).items.map((d) => d.name),
			['blue'],
		);
		await assert.rejects(invokeEndpoint(workspace, 'mnist-ep', { data: [1, 2] }), (e: unknown) => isAzureError(e, 'azure.badRequest') && /No valid deployments/.test((e as Error).message));
		await setEndpointTraffic(workspace, 'mnist-ep', { blue: 100 });
		assert.deepEqual((await getOnlineEndpoint(workspace, 'mnist-ep')).properties.traffic, { blue: 100 });
		const result = await invokeEndpoint(workspace, 'mnist-ep', { data: [1, 2, 3] });
		assert.deepEqual(result.body, { predictions: [3, 6, 9] });
		assert.equal(result.deployment, 'blue');
		const targeted = await invokeEndpoint(workspace, 'mnist-ep', { data: [0.5] }, { deployment: 'blue' });
		assert.deepEqual(targeted.body, { predictions: [1.5] });
	});

	it('scores an AMLToken endpoint with a token, and never sends the ARM token there', async () => {
		await createOnlineEndpoint(workspace, 'token-ep', { authMode: 'AMLToken' });
		await createDeployment(workspace, 'token-ep', 'green', await scaleDeployment());
		await setEndpointTraffic(workspace, 'token-ep', { green: 100 });
		const token = await getEndpointToken(workspace, 'token-ep');
		assert.equal(token.tokenType, 'Bearer');
		assert.ok(token.accessToken && token.expiryTimeUtc);
		emulator.clearRequests();
		assert.deepEqual((await invokeEndpoint(workspace, 'token-ep', { data: [2] })).body, { predictions: [6] });
		const scoring = emulator.requests().filter((r) => r.path.startsWith('/score/'));
		assert.deepEqual(
			scoring.map((r) => r.headers.authorization),
			['Bearer <other>'],
		);
		const keys = await getEndpointKeys(workspace, 'token-ep');
		assert.ok(keys.primaryKey && keys.secondaryKey);
	});

	it('reports a run() error as the endpoint answered it (424 with the server\'s message)', async () => {
		await createOnlineEndpoint(workspace, 'picky-ep', { authMode: 'Key' });
		await createDeployment(workspace, 'picky-ep', 'blue', await scaleDeployment());
		await setEndpointTraffic(workspace, 'picky-ep', { blue: 100 });
		await assert.rejects(invokeEndpoint(workspace, 'picky-ep', { rows: 'nope' }), (e: unknown) => isAzureError(e) && (e as { status?: number }).status === 424);
	});

	it('refuses traffic that does not add up, before calling the service', async () => {
		await assert.rejects(setEndpointTraffic(workspace, 'any', { blue: 60, green: 30 }), (e: unknown) => isAzureError(e, 'azure.config') && /add up to 90/.test((e as Error).message));
		await assert.rejects(createOnlineEndpoint(workspace, '9starts-with-digit', { authMode: 'Key' }), (e: unknown) => isAzureError(e, 'azure.config'));
	});

	it('deletes an endpoint', async () => {
		await createOnlineEndpoint(workspace, 'short-lived', { authMode: 'Key' });
		assert.deepEqual(
			(await listOnlineEndpoints(workspace)).items.map((e) => e.name),
			['short-lived'],
		);
		await deleteOnlineEndpoint(workspace, 'short-lived');
		assert.deepEqual((await listOnlineEndpoints(workspace)).items, []);
	});
});
