import * as assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listResourceGroupNames } from '../../../../src/core/azure/resourceGroups';
import { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { listWorkspaces, workspaceRefOfListed } from '../../../../src/core/backends/azure/workspaces';
import { submitCommandJob } from '../../../../src/core/jobs/submitCommandJob';
import { addCompute } from '../../../emulator/arm/computes';
import { seedWorkspace } from '../../../emulator/arm/workspaces';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, sharedEmulator } from '../../../emulator/sharedEmulator';

/** ARM's lists may write ids as `…/resourcegroups/<group in lower case>/…`; the user's names keep their casing. */
describe('resource names in their own casing, whatever a list id says', () => {
	const subscriptionId = '44444444-4444-4444-8444-444444444444';
	const resourceGroup = 'RG-Casing';
	let emulator: AzureMlEmulator;

	before(async () => {
		emulator = await sharedEmulator();
		const workspace = await seedWorkspace(emulator.context, { subscriptionId, resourceGroup, workspace: 'ws-casing' });
		addCompute(workspace, 'cpu-cluster', { vmSize: 'STANDARD_DS3_V2', scaleSettings: { minNodeCount: 0, maxNodeCount: 2 } }, 'eastus2');
	});

	afterEach(() => emulator.reset());

	const armRequests = () => emulator.requests().filter((r) => r.path.toLowerCase().startsWith(`/subscriptions/${subscriptionId}`));
	const groupLists = () => armRequests().filter((r) => /\/resourcegroups$/i.test(r.path));

	it('the emulator lists resource groups as ARM does, and lower-cases list ids when a scenario asks, over HTTP too', async () => {
		const { connection } = connectTo(emulator);
		assert.deepEqual(await listResourceGroupNames(connection, subscriptionId), [resourceGroup]);
		const put = await fetch(`${emulator.origin}/_emulator/scenario`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lists: { lowerCaseResourceGroups: true } }) });
		assert.deepEqual(((await put.json()) as { lists: unknown }).lists, { emptyFirstPage: false, lowerCaseResourceGroups: true });
		const [listed] = (await listWorkspaces(connection, subscriptionId)).items;
		assert.equal(listed.id, `/subscriptions/${subscriptionId}/resourcegroups/rg-casing/providers/Microsoft.MachineLearningServices/workspaces/ws-casing`);
		assert.equal(listed.name, 'ws-casing');
		assert.deepEqual(await listResourceGroupNames(connection, subscriptionId), [resourceGroup], 'a group list keeps each name as its owner wrote it');
		emulator.reset();
		assert.match((await listWorkspaces(connection, subscriptionId)).items[0].id ?? '', /\/resourceGroups\/RG-Casing\//, 'reset turns it off');
	});

	it('a workspace listed with a lower-cased id shows its own names, and every URL and the job\'s computeId use them', async () => {
		emulator.context.settings.lowerCaseResourceGroups = true;
		const { connection } = connectTo(emulator);
		const [listed] = (await listWorkspaces(connection, subscriptionId)).items;
		const ref = await workspaceRefOfListed(connection, listed, subscriptionId);
		assert.deepEqual(ref, { subscriptionId, resourceGroup, workspace: 'ws-casing' });
		const workspace = new AzureWorkspace(connection, ref);
		assert.equal(workspace.armId, `/subscriptions/${subscriptionId}/resourceGroups/RG-Casing/providers/Microsoft.MachineLearningServices/workspaces/ws-casing`);

		const code = await mkdtemp(path.join(tmpdir(), 'casing-'));
		await writeFile(path.join(code, 'train.py'), 'print("hi")\n');
		emulator.clearRequests();
		const result = await submitCommandJob(workspace, {
			experimentName: 'casing',
			code,
			command: 'python train.py',
			environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.5-ubuntu22.04-py39-cpu:1' },
			compute: { kind: 'cluster', name: 'cpu-cluster' },
			instanceCount: 1,
			inputs: {},
		});
		const jobPut = armRequests().find((r) => r.method === 'PUT' && r.path.endsWith(`/jobs/${result.jobName}`));
		assert.ok(jobPut, JSON.stringify(armRequests().map((r) => `${r.method} ${r.path}`)));
		assert.equal((jobPut.body as { properties: { computeId: string } }).properties.computeId, `${workspace.armId}/computes/cpu-cluster`);
		const lowered = armRequests().filter((r) => !r.path.includes('/resourceGroups/RG-Casing/'));
		assert.deepEqual(lowered.map((r) => `${r.method} ${r.path}`), [], 'every workspace URL carries the group as its owner wrote it');
	});

	it('a wholly lower-cased id keeps the workspace\'s own name, and ids in ARM\'s usual form cost no group list', async () => {
		const { connection } = connectTo(emulator);
		const lowerId = `/subscriptions/${subscriptionId}/resourcegroups/rg-casing/providers/microsoft.machinelearningservices/workspaces/ws-mixed`;
		assert.deepEqual(await workspaceRefOfListed(connection, { id: lowerId, name: 'WS-Mixed' }, subscriptionId), { subscriptionId, resourceGroup, workspace: 'WS-Mixed' });
		assert.equal(groupLists().length, 1);
		assert.equal((await workspaceRefOfListed(connection, { id: lowerId, name: 'WS-Mixed' }, subscriptionId)).resourceGroup, resourceGroup);
		assert.equal(groupLists().length, 1, 'the group list is read once per subscription');

		emulator.clearRequests();
		const usualId = `/subscriptions/${subscriptionId}/resourceGroups/rg-usual/providers/Microsoft.MachineLearningServices/workspaces/ws-usual`;
		assert.equal((await workspaceRefOfListed(connection, { id: usualId, name: 'ws-usual' }, subscriptionId)).resourceGroup, 'rg-usual');
		assert.deepEqual(armRequests(), []);
	});

	it('keeps the listed name when the groups cannot be listed, and asks again next time', async () => {
		const { connection } = connectTo(emulator);
		const lowerId = `/subscriptions/${subscriptionId}/resourcegroups/rg-casing/providers/Microsoft.MachineLearningServices/workspaces/ws-casing`;
		emulator.addFault({ kind: 'status', path: '/resourcegroups$', status: 403, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action Microsoft.Resources/subscriptions/resourcegroups/read.' } } });
		assert.equal((await workspaceRefOfListed(connection, { id: lowerId, name: 'ws-casing' }, subscriptionId)).resourceGroup, 'rg-casing');
		assert.equal((await workspaceRefOfListed(connection, { id: lowerId, name: 'ws-casing' }, subscriptionId)).resourceGroup, resourceGroup);
		assert.equal(groupLists().length, 2);
	});
});
