import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';
import { withAnswers } from '../support/prompts';

interface Served {
	method: string;
	path: string;
	body?: { properties?: { properties?: { vmSize?: string; vmPriority?: string; scaleSettings?: Record<string, unknown> } } };
}

describe('Compute clusters: create, resize, delete', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
	});

	after(resetEmulator);

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}

	const computeFolder = async (): Promise<TreeNode> => child(await child(await child(await child(undefined, 'Azure'), /^Subscription|11111111/), 'ws-emulator'), 'Compute');
	const description = (node: TreeNode): string => String(node.getTreeItem().description ?? '');
	const clusterState = async (name: string): Promise<string | undefined> => {
		const found = (await api.services.tree.getChildren(await computeFolder())).find((n) => labelOf(n) === name);
		return found && description(found);
	};
	const servedComputeCalls = async (): Promise<Served[]> =>
		(await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests.filter((r) => /\/computes\/|\/locations\//.test(r.path));

	it('refuses a bad name before any request', async () => {
		await emulatorRequest('DELETE', 'requests');
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ inputBox: 'x' }], async () => vscode.commands.executeCommand(CommandId.CreateComputeCluster, await computeFolder()))),
			/Scripted input "x" was refused: A compute name must be 2–16 characters/,
		);
		assert.deepEqual(await servedComputeCalls(), []);
	});

	it('creates a cluster with 2400 s idle (sent as PT40M), showing it as Creating while the operation runs', async function () {
		this.timeout(120_000);
		const folder = await computeFolder();
		// Held open until the tree has shown the cluster being created, then let finish.
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 1_000_000 } });
		await emulatorRequest('DELETE', 'requests');
		const sizeOffered: string[] = [];
		const created = withAnswers(
			api,
			[
				{ inputBox: 'train-cpu' },
				{ pick: 'Dedicated' },
				{
					pick: (item) => {
						sizeOffered.push(`${item.label}: ${item.description ?? ''}`);
						return item.label === 'Standard_DS11_v2';
					},
				},
				{ inputBox: '0' },
				{ inputBox: '2' },
				{ inputBox: '2400' },
				{ confirm: true },
			],
			() => vscode.commands.executeCommand(CommandId.CreateComputeCluster, folder),
		);
		await waitFor('the new cluster shown as Creating', async () => /Creating/.test((await clusterState('train-cpu')) ?? ''));
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 0 } });
		await created;

		assert.match(sizeOffered[0], /^Standard_DS3_v2: 4 cores · 14 GB · quota: 24 vCPUs left/, 'the SDK default size comes first, with its quota');
		const put = (await servedComputeCalls()).find((r) => r.method === 'PUT');
		assert.deepEqual(put?.body?.properties?.properties?.scaleSettings, { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: 'PT40M' });
		assert.equal(put?.body?.properties?.properties?.vmPriority, 'Dedicated');
		await waitFor('the cluster steady', async () => /^Standard_DS11_v2 · 0\/2 nodes · Steady$/.test((await clusterState('train-cpu')) ?? ''));
	});

	it('marks sizes without quota instead of hiding them; cancelling the wizard sends nothing', async () => {
		await emulatorRequest('DELETE', 'requests');
		const offered: vscode.QuickPickItem[] = [];
		await withAnswers(
			api,
			[
				{ inputBox: 'gpu-cluster' },
				{ pick: 'Dedicated' },
				{
					pick: (item) => {
						offered.push(item);
						return item.label === 'Standard_NC6s_v3';
					},
				},
				{ cancel: true },
			],
			async () => vscode.commands.executeCommand(CommandId.CreateComputeCluster, await computeFolder()),
		);
		const gpu = offered.find((i) => i.label === 'Standard_NC6s_v3');
		assert.equal(gpu?.description, '6 cores · 112 GB · 1 GPU · no quota (0 vCPUs left)');
		assert.match(gpu?.detail ?? '', /No quota left for this size/);
		assert.deepEqual((await servedComputeCalls()).filter((r) => r.method !== 'GET'), []);
	});

	it('refuses to create over an existing compute', async () => {
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ inputBox: 'train-cpu' }], async () => vscode.commands.executeCommand(CommandId.CreateComputeCluster, await computeFolder()))),
			/A compute named "train-cpu" already exists/,
		);
	});

	it('resizes a cluster, keeping its other settings', async function () {
		this.timeout(120_000);
		const cluster = await child(await computeFolder(), 'train-cpu');
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, [{ inputBox: '1' }, { inputBox: '3' }, { confirm: true }], () => vscode.commands.executeCommand(CommandId.ResizeComputeCluster, cluster));
		const put = (await servedComputeCalls()).find((r) => r.method === 'PUT');
		assert.deepEqual(put?.body?.properties?.properties?.scaleSettings, { minNodeCount: 1, maxNodeCount: 3, nodeIdleTimeBeforeScaleDown: 'PT40M' });
		assert.equal(put?.body?.properties?.properties?.vmSize, 'Standard_DS11_v2');
		await waitFor('the resized cluster', async () => /\/3 nodes · Steady$/.test((await clusterState('train-cpu')) ?? ''));
	});

	it('a failed creation leaves no cluster behind', async function () {
		this.timeout(120_000);
		await emulatorRequest('POST', 'faults', { kind: 'status', method: 'PUT', path: '/computes/broken-one$', status: 400, body: { error: { code: 'BadArgument', message: 'VM size not allowed.' } }, times: 1 });
		await assert.rejects(
			Promise.resolve(
				withAnswers(api, [{ inputBox: 'broken-one' }, { pick: 'Dedicated' }, { pick: 'Standard_DS2_v2' }, { inputBox: '0' }, { inputBox: '1' }, { inputBox: '120' }, { confirm: true }], async () =>
					vscode.commands.executeCommand(CommandId.CreateComputeCluster, await computeFolder()),
				),
			),
			/VM size not allowed/,
		);
		assert.equal(await clusterState('broken-one'), undefined);
	});

	it('deletes a cluster after confirming with its name, showing Deleting meanwhile', async function () {
		this.timeout(120_000);
		const cluster = await child(await computeFolder(), 'train-cpu');
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 1_000_000 } });
		const deleted = withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.DeleteResource, cluster));
		await waitFor('the cluster shown as Deleting', async () => /Deleting/.test((await clusterState('train-cpu')) ?? ''));
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 0 } });
		await deleted;
		await waitFor('the cluster gone', async () => (await clusterState('train-cpu')) === undefined);
	});
});
