import * as assert from 'node:assert/strict';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { createAmlCompute, deleteCompute, getCompute, listComputes } from '../../../../src/core/backends/azure/computes';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('computes', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;

	before(async () => {
		emulator = await sharedEmulator();
	});

	beforeEach(async () => {
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		emulator.setLro({ polls: 2 });
	});

	afterEach(() => emulator.reset());

	it('creates a cluster as a long-running operation and waits until it is provisioned', async () => {
		emulator.clearRequests();
		const compute = await createAmlCompute(workspace, 'cpu-small', { vmSize: 'Standard_DS3_v2', maxNodes: 4, idleSecondsBeforeScaleDown: 300 });
		assert.equal(compute.properties?.provisioningState, 'Succeeded');
		const polls = emulator.requests().filter((r) => r.path.includes('/computeOperationsStatus/'));
		assert.equal(polls.length, 3, 'two polls in progress, one done');
		const got = await getCompute(workspace, 'cpu-small');
		const props = got.properties as { computeType: string; properties: { scaleSettings: { maxNodeCount: number; nodeIdleTimeBeforeScaleDown: string }; nodeStateCounts: object; currentNodeCount: number } };
		assert.equal(props.computeType, 'AmlCompute');
		assert.equal(props.properties.scaleSettings.maxNodeCount, 4);
		assert.equal(props.properties.scaleSettings.nodeIdleTimeBeforeScaleDown, 'PT300S');
		assert.equal(props.properties.currentNodeCount, 0);
		assert.ok(props.properties.nodeStateCounts);
	});

	it('lists computes and deletes one', async () => {
		await createAmlCompute(workspace, 'to-delete', { vmSize: 'Standard_DS3_v2', maxNodes: 1 });
		assert.deepEqual(
			(await listComputes(workspace)).items.map((c) => c.name),
			['to-delete'],
		);
		await deleteCompute(workspace, 'to-delete');
		assert.deepEqual((await listComputes(workspace)).items, []);
		await assert.rejects(getCompute(workspace, 'to-delete'), (error: unknown) => isAzureError(error, 'azure.notFound'));
	});

	it('rejects bad names and node counts before calling the service', async () => {
		emulator.clearRequests();
		await assert.rejects(createAmlCompute(workspace, '1-bad', { vmSize: 'x', maxNodes: 1 }), (e: unknown) => isAzureError(e, 'azure.config'));
		await assert.rejects(createAmlCompute(workspace, 'a-very-long-compute-name', { vmSize: 'x', maxNodes: 1 }), /not a valid compute name/);
		await assert.rejects(createAmlCompute(workspace, 'ok-name', { vmSize: 'x', maxNodes: 2, minNodes: 3 }), /minimum ≤ maximum/);
		assert.equal(emulator.requests().length, 0);
	});

	it('can stop waiting for a long-running operation', async () => {
		emulator.setLro({ polls: 1000 });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(createAmlCompute(workspace, 'never-done', { vmSize: 'Standard_DS3_v2', maxNodes: 1 }, controller.signal), (e: unknown) => (e as Error).name === 'AbortError');
	});
});
