import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorRequest, emulatorUrl, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';
import { screenshot } from '../support/workbench';
import { withAnswers } from '../support/prompts';
import { ScriptedPrompter, type Answer } from '../support/scriptedPrompter';

interface Served {
	readonly method: string;
	readonly path: string;
}

interface Info {
	readonly token: string;
	readonly subscriptionId: string;
}

describe('Create Workspace', () => {
	let api: ExtensionApi;
	let info: Info;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		info = await emulatorRequest<Info>('GET', 'info');
	});

	afterEach(resetEmulator);

	// The suites after this one see the subscription as it was.
	after(async () => {
		await fetch(`${emulatorUrl()}/subscriptions/${info.subscriptionId}/resourcegroups/rg-from-editor?api-version=2021-04-01`, { method: 'DELETE', headers: { authorization: `Bearer ${info.token}` } });
		await waitFor('the test resource group deleted', async () => !(await groupNames()).includes('rg-from-editor'), 20_000);
		api.services.tree.refresh(await subscriptionNode());
	});

	async function subscriptionNode(): Promise<TreeNode> {
		const account = (await api.services.tree.getChildren()).find((n) => labelOf(n) === 'Azure');
		assert.ok(account, 'no Azure node');
		const found = (await api.services.tree.getChildren(account)).find((n) => n.id === `/subscriptions/${info.subscriptionId}`);
		assert.ok(found, 'no subscription node');
		return found;
	}

	/** Reads ARM on the emulator directly, as a test's own check of what exists. */
	async function arm<T>(path: string): Promise<T> {
		const response = await fetch(`${emulatorUrl()}${path}${path.includes('?') ? '&' : '?'}api-version=2021-04-01`, { headers: { authorization: `Bearer ${info.token}` } });
		assert.ok(response.ok, `GET ${path}: ${response.status}`);
		return (await response.json()) as T;
	}
	const groupNames = async () => (await arm<{ value: { name: string }[] }>(`/subscriptions/${info.subscriptionId}/resourcegroups`)).value.map((g) => g.name);
	const served = async () => (await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests;

	/** The wizard's answers for a workspace in a new resource group in West Europe, made as az ml makes it. */
	const newGroupAnswers = (workspace: string, group: string): Answer[] => [
		{ inputBox: workspace },
		{ pick: '$(add) Create new resource group…' },
		{
			inputBox: (options) => {
				assert.equal(options.value, `${workspace}-rg`, 'the group name proposed');
				return group;
			},
		},
		{ pick: 'West Europe' },
		{ pick: 'Create the storage account, key vault and Application Insights' },
		{ confirm: true },
	];

	it('refuses a name against Azure\'s rule, with the rule, before any request', async () => {
		await emulatorRequest('DELETE', 'requests');
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ inputBox: 'my workspace' }], async () => vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode()))),
			/Scripted input "my workspace" was refused: "my workspace" is not a valid workspace name: use 3–33 characters: letters, digits, "-" and "_", starting with a letter or digit\./,
		);
		const sent = (await served()).filter((r) => /resourcegroups|\/locations$|\/resources$|Microsoft\.Resources|workspaces\/my/i.test(r.path));
		assert.deepEqual(sent, []);
	});

	it('from the palette, asks for the subscription first', async () => {
		const subscriptions: string[] = [];
		await withAnswers(
			api,
			[
				{
					pick: (item) => {
						subscriptions.push(item.description ?? '');
						return item.description === info.subscriptionId;
					},
				},
				{ cancel: true },
			],
			() => vscode.commands.executeCommand(CommandId.CreateWorkspace),
		);
		assert.ok(subscriptions.includes(info.subscriptionId), `offered: ${subscriptions.join(', ')}`);
	});

	it('creates a workspace in a new resource group; it appears in the tree, selected', async function () {
		this.timeout(120_000);
		await emulatorRequest('DELETE', 'requests');
		const regionsOffered: string[] = [];
		const answers = newGroupAnswers('ws-from-editor', 'rg-from-editor');
		answers[3] = {
			pick: (item) => {
				regionsOffered.push(item.label);
				return item.label === 'West Europe';
			},
		};
		await withAnswers(api, answers, async () => vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode()));
		assert.ok(regionsOffered.includes('East US') && !regionsOffered.includes('United States'), `regions offered: ${regionsOffered.join(', ')}`);
		const workspaceId = `/subscriptions/${info.subscriptionId}/resourceGroups/rg-from-editor/providers/Microsoft.MachineLearningServices/workspaces/ws-from-editor`;
		const shown = (await api.services.tree.getChildren(await subscriptionNode())).map(labelOf);
		assert.ok(shown.includes('ws-from-editor'), `workspaces shown: ${shown.join(', ')}`);
		await waitFor('the new workspace selected', () => api.services.treeView.selection.some((n) => n.id.toLowerCase() === workspaceId.toLowerCase()), 20_000);
		await screenshot('setup-workspace', 1_500);
		const deployment = (await served()).find((r) => r.method === 'PUT' && /\/providers\/Microsoft\.Resources\/deployments\/ws-from-editor-\d+$/.test(r.path));
		assert.ok(deployment, 'one template deployment, named as azure-ai-ml names it');
		assert.ok((await groupNames()).includes('rg-from-editor'));
	});

	it('offers the resource group\'s region first for an existing group, and refuses a name already taken there', async () => {
		const offered: string[] = [];
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ inputBox: 'ws-from-editor' }, { pick: 'rg-from-editor' }], async () => vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode()))),
			/A workspace named "ws-from-editor" already exists in resource group "rg-from-editor"/,
		);
		await withAnswers(
			api,
			[
				{ inputBox: 'ws-second' },
				{ pick: 'rg-from-editor' },
				{
					pick: (_item, all) => {
						offered.push(...all.map((i) => `${i.label} (${i.description ?? ''})`));
						return true;
					},
				},
				{ cancel: true },
			],
			async () => vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode()),
		);
		assert.equal(offered[0], "West Europe (westeurope · the resource group's region)");
	});

	it('under Advanced, uses an existing storage account picked from the subscription and creates the rest', async function () {
		this.timeout(120_000);
		await emulatorRequest('DELETE', 'requests');
		let storageOffered: string[] = [];
		await withAnswers(
			api,
			[
				{ inputBox: 'ws-shared-storage' },
				{ pick: 'rg-from-editor' },
				{ pick: 'West Europe' },
				{ pick: 'Advanced: use existing resources…' },
				{
					pick: (item, all) => {
						storageOffered = all.map((i) => i.label);
						return item.description === 'rg-from-editor · westeurope';
					},
				},
				{ pick: 'Create new' },
				{ pick: 'Create new (with a Log Analytics workspace)' },
				{ pick: 'None for now (Azure ML creates one at its first image build)' },
				{ confirm: true },
			],
			async () => vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode()),
		);
		assert.equal(storageOffered[0], 'Create new');
		const put = (await emulatorRequest<{ requests: (Served & { body?: { properties?: { template?: { resources?: { type: string; properties: { storageAccount?: string } }[] } } } })[] }>('GET', 'requests')).requests.find(
			(r) => r.method === 'PUT' && r.path.includes('/deployments/ws-shared-storage-'),
		);
		const resources = put?.body?.properties?.template?.resources ?? [];
		assert.deepEqual(
			resources.map((r) => r.type),
			['Microsoft.KeyVault/vaults', 'Microsoft.OperationalInsights/workspaces', 'Microsoft.Insights/components', 'Microsoft.MachineLearningServices/workspaces'],
		);
		assert.match(resources.at(-1)?.properties.storageAccount ?? '', /\/resourceGroups\/rg-from-editor\/providers\/Microsoft\.Storage\/storageAccounts\/wsfromedstorage[0-9a-f]+$/);
		const shown = (await api.services.tree.getChildren(await subscriptionNode())).map(labelOf);
		assert.ok(shown.includes('ws-shared-storage'), `workspaces shown: ${shown.join(', ')}`);
	});

	it('a failure names the resource and the service\'s reason, and deletes what was created when asked', async function () {
		this.timeout(120_000);
		await emulatorRequest('PUT', 'scenario', { deployment: { failResource: 'Microsoft.KeyVault/vaults', failCode: 'VaultAlreadyExists', failMessage: 'The vault name is already in use.' } });
		const scripted = new ScriptedPrompter([...newGroupAnswers('ws-broken', 'rg-broken'), { confirm: true }]);
		const original = api.services.prompt;
		api.services.prompt = scripted;
		try {
			await assert.rejects(
				Promise.resolve(vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode())),
				/Could not create workspace "ws-broken": Key vault "wsbrokenkeyvault[0-9a-f]+" failed: The vault name is already in use\. \(VaultAlreadyExists\)\. Deleted the resource group "rg-broken" made for it, with everything in it\./,
			);
		} finally {
			api.services.prompt = original;
		}
		assert.equal(scripted.remaining, 0);
		assert.match(scripted.asked.at(-1) ?? '', /^confirm: Creating workspace "ws-broken" failed: Key vault "wsbrokenkeyvault[0-9a-f]+" failed: The vault name is already in use\. \(VaultAlreadyExists\)\.$/);
		await waitFor('the resource group deleted', async () => !(await groupNames()).includes('rg-broken'), 20_000);
		const shown = (await api.services.tree.getChildren(await subscriptionNode())).map(labelOf);
		assert.ok(!shown.includes('ws-broken'));
	});

	it('Cancel on the progress notification cancels the deployment and deletes what it had made', async function () {
		this.timeout(120_000);
		await emulatorRequest('PUT', 'scenario', { deployment: { holdResource: 'Microsoft.MachineLearningServices/workspaces' } });
		await emulatorRequest('DELETE', 'requests');
		await vscode.commands.executeCommand('notifications.clearAll');
		const answers: Answer[] = [...newGroupAnswers('ws-cancelled', 'rg-cancelled'), { confirm: true }];
		const created = withAnswers(api, answers, async () => vscode.commands.executeCommand(CommandId.CreateWorkspace, await subscriptionNode()));
		const deployment = await waitFor('the deployment sent', async () => (await served()).find((r) => r.method === 'PUT' && r.path.includes('/deployments/ws-cancelled-'))?.path, 30_000);
		await waitFor('the dependent resources made and the workspace being made', async () => {
			const operations = await arm<{ value: { properties: { provisioningState: string } }[] }>(`${deployment}/operations`);
			return operations.value.filter((o) => o.properties.provisioningState === 'Succeeded').length === 4;
		});
		// What a click on Cancel (or Ctrl+Shift+A) does on the newest notification: the creation's progress.
		await vscode.commands.executeCommand('notification.acceptPrimaryAction');
		assert.equal(await created, undefined, 'a cancelled creation ends quietly');
		assert.ok((await served()).some((r) => r.method === 'POST' && r.path === `${deployment}/cancel`), 'the deployment was cancelled');
		await waitFor('the resource group deleted', async () => !(await groupNames()).includes('rg-cancelled'), 20_000);
	});
});
