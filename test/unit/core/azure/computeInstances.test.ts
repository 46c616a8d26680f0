import * as assert from 'node:assert/strict';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { getCompute } from '../../../../src/core/backends/azure/computes';
import { runInstanceAction } from '../../../../src/core/backends/azure/computeInstances';
import { instanceActions, isTransitionState } from '../../../../src/core/backends/azure/instanceStates';
import { addCompute, addComputeInstance } from '../../../emulator/arm/computes';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('compute instances: start, stop, restart', () => {
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

	const seed = (name: string, state: 'Running' | 'Stopped') => {
		const { subscriptionId, resourceGroup, workspace: ws } = workspace.ref;
		const stateOfWorkspace = emulator.context.state.workspace(subscriptionId, resourceGroup, ws)!;
		addComputeInstance(stateOfWorkspace, name, { vmSize: 'STANDARD_DS3_V2' }, 'eastus2', state);
		return stateOfWorkspace;
	};
	const stateOf = async (name: string) => ((await getCompute(workspace, name)).properties as { properties: { state: string } }).properties.state;

	it('offers Start when stopped, Stop and Restart when running, nothing while it changes', () => {
		assert.deepEqual(instanceActions('Stopped'), ['start']);
		assert.deepEqual(instanceActions('Running'), ['stop', 'restart']);
		assert.deepEqual(instanceActions('JobRunning'), ['stop', 'restart']);
		for (const state of ['Starting', 'Stopping', 'Restarting', 'Creating', 'Deleting', 'Unusable', undefined]) {
			assert.deepEqual(instanceActions(state), [], String(state));
		}
		assert.ok(isTransitionState('Starting') && isTransitionState('Restarting') && isTransitionState('Creating'));
		assert.ok(!isTransitionState('Running') && !isTransitionState('Stopped') && !isTransitionState(undefined));
	});

	it('starts a stopped instance: Starting while the operation runs, then Running', async () => {
		seed('ci-start', 'Stopped');
		emulator.clearRequests();
		const during: string[] = [];
		const polled: string[] = [];
		await runInstanceAction(workspace, 'ci-start', 'start', {
			onAccepted: () => during.push('accepted'),
			onPoll: (status) => polled.push(status),
		});
		assert.deepEqual(during, ['accepted']);
		assert.deepEqual(polled, ['InProgress', 'InProgress', 'Succeeded']);
		assert.equal(await stateOf('ci-start'), 'Running');
		const post = emulator.requests().find((r) => r.method === 'POST');
		assert.match(post?.path ?? '', /\/workspaces\/[^/]+\/computes\/ci-start\/start$/);
		assert.equal(post?.query['api-version'], '2022-10-01');
	});

	it('shows the transition state while the operation runs, until the service says it is done', async () => {
		seed('ci-stop', 'Running');
		emulator.setLro({ polls: 1_000_000 });
		let accepted!: () => void;
		const acceptedNow = new Promise<void>((resolve) => (accepted = resolve));
		const stopping = runInstanceAction(workspace, 'ci-stop', 'stop', { onAccepted: () => accepted() });
		await acceptedNow;
		assert.equal(await stateOf('ci-stop'), 'Stopping');
		emulator.setLro({ polls: 0 });
		await stopping;
		assert.equal(await stateOf('ci-stop'), 'Stopped');
	});

	it('restarts a running instance', async () => {
		seed('ci-restart', 'Running');
		await runInstanceAction(workspace, 'ci-restart', 'restart');
		assert.equal(await stateOf('ci-restart'), 'Running');
	});

	it("refuses an action the instance's state does not allow, and any action on a cluster", async () => {
		const ws = seed('ci-running', 'Running');
		await assert.rejects(runInstanceAction(workspace, 'ci-running', 'start'), (error: unknown) => {
			assert.ok(isAzureError(error));
			assert.match(error.message, /Running: start needs it Stopped/);
			return true;
		});
		addCompute(ws, 'a-cluster', { vmSize: 'STANDARD_DS3_V2', scaleSettings: { maxNodeCount: 1 } }, 'eastus2');
		await assert.rejects(runInstanceAction(workspace, 'a-cluster', 'stop'), /applies only to compute instances/);
		await assert.rejects(runInstanceAction(workspace, 'no-such', 'stop'), (error: unknown) => isAzureError(error, 'azure.notFound'));
	});
});
