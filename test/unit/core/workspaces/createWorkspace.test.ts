import * as assert from 'node:assert/strict';
import type { AzureConnection } from '../../../../src/core/azure/AzureConnection';
import { listLocations, listResourcesOfType } from '../../../../src/core/azure/armResources';
import { listResourceGroups } from '../../../../src/core/azure/resourceGroups';
import { listWorkspaces } from '../../../../src/core/backends/azure/workspaces';
import { createWorkspace, deleteLeftBehind, describeLeftBehind, progressOf, workspaceExists, type CreateWorkspaceRequest } from '../../../../src/core/workspaces/createWorkspace';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('create workspace (template deployment on the emulator)', () => {
	let emulator: AzureMlEmulator;
	let connection: AzureConnection;
	let subscriptionId: string;
	let counter = 0;

	before(async () => {
		emulator = await sharedEmulator();
		connection = connectTo(emulator).connection;
		subscriptionId = emulator.info().subscriptionId;
	});

	afterEach(() => emulator.reset());

	const request = (over: Partial<CreateWorkspaceRequest> = {}): CreateWorkspaceRequest => {
		counter++;
		return { subscriptionId, resourceGroup: `rg-create-${process.pid}-${counter}`, location: 'westeurope', workspace: `ws-create-${counter}`, newResourceGroup: true, ...over };
	};
	const groupNames = async () => (await listResourceGroups(connection, subscriptionId)).map((g) => g.name);
	const workspaceNames = async (resourceGroup: string) => (await listWorkspaces(connection, subscriptionId, { resourceGroup })).items.map((w) => w.name);

	it('makes the resource group, then the dependent resources and the workspace, reporting them one by one', async () => {
		const wanted = request();
		const progress: string[] = [];
		const result = await createWorkspace(connection, wanted, { onProgress: (m) => progress.push(m) });
		assert.equal(result.outcome, 'Succeeded');
		assert.ok((await listResourceGroups(connection, subscriptionId)).some((g) => g.name === wanted.resourceGroup && g.location === 'westeurope'));
		assert.deepEqual(await workspaceNames(wanted.resourceGroup), [wanted.workspace]);
		assert.equal(progress[0], `Creating resource group "${wanted.resourceGroup}" in westeurope…`);
		assert.match(progress[1], /^0 of 5 created · creating Storage account "wscreate/);
		assert.ok(progress.some((m) => /^3 of 5 created · creating Application Insights "/.test(m)), progress.join('\n'));
		assert.equal(progress.at(-1), '5 of 5 created');
		const storage = (await listResourcesOfType(connection, subscriptionId, 'Microsoft.Storage/storageAccounts')).filter((r) => r.resourceGroup === wanted.resourceGroup);
		assert.equal(storage.length, 1);
		const put = emulator.requests().find((r) => r.method === 'PUT' && r.path.includes('/providers/Microsoft.Resources/deployments/'));
		assert.equal(put?.query['api-version'], '2020-06-01');
		assert.match(put?.path ?? '', new RegExp(`/deployments/${wanted.workspace}-\\d{1,8}$`));
		assert.equal(await workspaceExists(connection, subscriptionId, wanted.resourceGroup, wanted.workspace), true);
		assert.equal(await workspaceExists(connection, subscriptionId, wanted.resourceGroup, 'no-such-ws'), false);
	});

	it('names the failed resource and the reason; deleting what was made removes the group it created', async () => {
		emulator.context.settings.deployment = { failResource: 'Microsoft.KeyVault/vaults', failCode: 'VaultAlreadyExists', failMessage: 'The vault name is already in use.' };
		const wanted = request();
		const result = await createWorkspace(connection, wanted);
		assert.equal(result.outcome, 'Failed');
		if (result.outcome !== 'Failed') {
			return;
		}
		assert.match(result.reason, /^Key vault "wscreate\w*keyvault[0-9a-f]+" failed: The vault name is already in use\. \(VaultAlreadyExists\)$/);
		assert.equal(result.leftBehind.resourceGroup, wanted.resourceGroup);
		assert.equal(describeLeftBehind(result.leftBehind), `the resource group "${wanted.resourceGroup}" made for it, with everything in it`);
		assert.deepEqual(await workspaceNames(wanted.resourceGroup), [], 'the workspace was never made');
		await deleteLeftBehind(connection, result.leftBehind);
		assert.ok(!(await groupNames()).includes(wanted.resourceGroup));
	});

	it('in an existing group, deletes only the resources it made', async () => {
		const existingGroup = request();
		assert.equal((await createWorkspace(connection, existingGroup)).outcome, 'Succeeded');
		emulator.context.settings.deployment = { failResource: 'Microsoft.MachineLearningServices/workspaces', failMessage: 'Quota exceeded.' };
		const wanted = request({ resourceGroup: existingGroup.resourceGroup, newResourceGroup: false });
		const result = await createWorkspace(connection, wanted);
		assert.equal(result.outcome, 'Failed');
		if (result.outcome !== 'Failed') {
			return;
		}
		assert.match(result.reason, new RegExp(`^Workspace "${wanted.workspace}" failed: Quota exceeded\\. \\(BadRequest\\)$`));
		assert.equal(result.leftBehind.resourceGroup, undefined);
		assert.deepEqual(result.leftBehind.resources.map((r) => r.label), ['Storage account', 'Key vault', 'Log Analytics workspace', 'Application Insights']);
		await deleteLeftBehind(connection, result.leftBehind);
		const left = await listResourcesOfType(connection, subscriptionId, 'Microsoft.KeyVault/vaults');
		assert.deepEqual(left.filter((r) => r.resourceGroup === wanted.resourceGroup).length, 1, 'the first workspace keeps its key vault');
		assert.deepEqual(await workspaceNames(wanted.resourceGroup), [existingGroup.workspace]);
	});

	it('cancelled, cancels the deployment and says what it had made', async () => {
		emulator.context.settings.deployment = { holdResource: 'Microsoft.MachineLearningServices/workspaces' };
		const wanted = request();
		const controller = new AbortController();
		const result = await createWorkspace(connection, wanted, {
			signal: controller.signal,
			onProgress: (message) => {
				if (message.startsWith('4 of 5 created')) {
					controller.abort();
				}
			},
		});
		assert.equal(result.outcome, 'Canceled');
		assert.ok(emulator.requests().some((r) => r.method === 'POST' && r.path.endsWith('/cancel')));
		assert.equal(result.leftBehind.resourceGroup, wanted.resourceGroup);
		assert.deepEqual(await workspaceNames(wanted.resourceGroup), []);
		await deleteLeftBehind(connection, result.leftBehind);
		assert.ok(!(await groupNames()).includes(wanted.resourceGroup));
	});

	it('lists the regions that can hold resources, by name', async () => {
		const regions = await listLocations(connection, subscriptionId);
		assert.ok(regions.some((r) => r.name === 'westeurope' && r.displayName === 'West Europe'));
		assert.ok(!regions.some((r) => r.name === 'unitedstates'), 'a logical region holds nothing');
		assert.deepEqual(regions.map((r) => r.displayName), [...regions.map((r) => r.displayName)].sort((a, b) => a.localeCompare(b)));
	});

	it('describes progress resource by resource', () => {
		const resources = ['Storage account', 'Workspace'].map((label, i) => ({ type: `T${i}`, name: `n${i}`, id: `/x/${i}`, label, apiVersion: 'v' }));
		assert.equal(progressOf(resources, []), '0 of 2 created · creating Storage account "n0"');
		assert.equal(progressOf(resources, [{ resourceId: '/X/0', resourceType: 'T0', resourceName: 'n0', state: 'Succeeded' }]), '1 of 2 created · creating Workspace "n1"');
	});
});
