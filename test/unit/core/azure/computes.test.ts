import * as assert from 'node:assert/strict';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { clusterSpecOf, createAmlCompute, deleteCompute, getCompute, listComputes, listUsages, listVmSizes } from '../../../../src/core/backends/azure/computes';
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
		// As azure-ai-ml spells it (isodate.duration_isoformat), not PT300S.
		assert.equal(props.properties.scaleSettings.nodeIdleTimeBeforeScaleDown, 'PT5M');
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

	it('says when the service has accepted the creation, while it still runs', async () => {
		emulator.setLro({ polls: 3 });
		const states: (string | undefined)[] = [];
		await createAmlCompute(workspace, 'idle-2400', { vmSize: 'Standard_DS3_v2', maxNodes: 1, idleSecondsBeforeScaleDown: 2400 }, undefined, () => {
			states.push('accepted');
		});
		assert.deepEqual(states, ['accepted']);
		const put = emulator.requests().find((r) => r.method === 'PUT' && r.path.endsWith('/computes/idle-2400'));
		assert.equal((put?.body as { properties: { properties: { scaleSettings: { nodeIdleTimeBeforeScaleDown: string } } } }).properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown, 'PT40M');
		await assert.rejects(createAmlCompute(workspace, 'bad-idle', { vmSize: 'x', maxNodes: 1, idleSecondsBeforeScaleDown: 1.5 }), /whole number of seconds/);
	});

	it('reads a cluster back as the spec to PUT again (how the SDK updates one)', async () => {
		await createAmlCompute(workspace, 'to-resize', { vmSize: 'Standard_DS2_v2', vmPriority: 'LowPriority', minNodes: 0, maxNodes: 2, idleSecondsBeforeScaleDown: 2400, description: 'd' });
		const spec = clusterSpecOf(await getCompute(workspace, 'to-resize'));
		assert.deepEqual({ ...spec, location: undefined }, { vmSize: 'Standard_DS2_v2', vmPriority: 'LowPriority', minNodes: 0, maxNodes: 2, idleSecondsBeforeScaleDown: 2400, description: 'd', location: undefined });
		await createAmlCompute(workspace, 'to-resize', { ...spec, minNodes: 1, maxNodes: 3 });
		const again = clusterSpecOf(await getCompute(workspace, 'to-resize'));
		assert.deepEqual([again.minNodes, again.maxNodes, again.idleSecondsBeforeScaleDown], [1, 3, 2400]);
		assert.throws(() => clusterSpecOf({ name: 'ci', properties: { computeType: 'ComputeInstance' } }), /not a cluster/);
	});

	it('lists the region\'s VM sizes and the quota the clusters use', async () => {
		const location = await workspace.location();
		const sizes = await listVmSizes(workspace, location);
		assert.ok(sizes.some((s) => s.name === 'Standard_DS3_v2' && s.family === 'standardDSv2Family' && s.vCPUs === 4));
		const before = (await listUsages(workspace, location)).find((u) => u.name?.value === 'standardDSv2Family');
		assert.equal(before?.limit, 24);
		await createAmlCompute(workspace, 'always-on', { vmSize: 'Standard_DS3_v2', minNodes: 2, maxNodes: 2 });
		const compute = workspace.ref;
		const state = emulator.context.state.workspace(compute.subscriptionId, compute.resourceGroup, compute.workspace)!.computes.get('always-on')!;
		(state.properties.properties as { currentNodeCount: number }).currentNodeCount = 2;
		const after = (await listUsages(workspace, location)).find((u) => u.name?.value === 'standardDSv2Family');
		assert.equal(after?.currentValue, (before?.currentValue ?? 0) + 8);
	});

	it('says when the service has started deleting', async () => {
		await createAmlCompute(workspace, 'going', { vmSize: 'Standard_DS3_v2', maxNodes: 1 });
		let accepted = 0;
		await deleteCompute(workspace, 'going', undefined, () => accepted++);
		assert.equal(accepted, 1);
	});
});
