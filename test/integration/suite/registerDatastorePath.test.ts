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
	body?: { properties?: { dataType?: string; dataUri?: string; description?: string } };
}

describe('Register Datastore Path', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
	});

	after(resetEmulator);

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}
	const dataFolder = async (): Promise<TreeNode> => child(await child(await child(await child(undefined, 'Azure'), /^Subscription|11111111/), 'ws-emulator'), 'Data');
	const versionsOf = async (asset: string): Promise<{ label: string; description: string }[]> => {
		const assets = await api.services.tree.getChildren(await child(await dataFolder(), 'Data assets'));
		const node = assets.find((n) => labelOf(n) === asset);
		return node ? (await api.services.tree.getChildren(node)).map((v) => ({ label: labelOf(v), description: String(v.getTreeItem().description ?? '') })) : [];
	};
	const served = async (): Promise<Served[]> => (await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests.filter((r) => !r.path.startsWith('/_emulator'));

	it('refuses an invalid path as it is typed, before any request but the datastore list', async () => {
		const data = await dataFolder();
		await emulatorRequest('DELETE', 'requests');
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ pick: 'workspaceblobstore' }, { inputBox: '/mnist/train' }], () => vscode.commands.executeCommand(CommandId.RegisterDatastorePath, data))),
			/Scripted input "\/mnist\/train" was refused: Enter the path relative to the datastore's root, without a leading "\/"/,
		);
		assert.deepEqual(
			(await served()).map((r) => `${r.method} ${r.path.replace(/^.*\/workspaces\/ws-emulator/, '')}`),
			['GET /datastores'],
		);
	});

	it('registers a folder on the default datastore from the Data folder; the new version appears under Data', async function () {
		this.timeout(120_000);
		const offered: string[] = [];
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(
			api,
			[
				{
					pick: (item, all) => {
						if (offered.length === 0) {
							offered.push(...all.map((i) => i.label));
						}
						return item.label === 'workspaceblobstore';
					},
				},
				{ inputBox: 'mnist/train' },
				{ pick: 'Folder' },
				{
					inputBox: (options) => {
						assert.equal(options.value, 'train', 'the name is suggested from the path');
						return 'mnist-train';
					},
				},
				{
					inputBox: (options) => {
						assert.equal(options.value, '1', 'the next free version is offered');
						return options.value;
					},
				},
				{ inputBox: 'MNIST training images' },
			],
			async () => vscode.commands.executeCommand(CommandId.RegisterDatastorePath, await dataFolder()),
		);
		assert.equal(offered[0], 'workspaceblobstore', 'the default datastore comes first');
		const puts = (await served()).filter((r) => r.method === 'PUT');
		assert.equal(puts.length, 1, 'one registration and no upload');
		assert.match(puts[0].path, /\/data\/mnist-train\/versions\/1$/);
		assert.deepEqual(puts[0].body?.properties && { ...puts[0].body.properties }, {
			...puts[0].body?.properties,
			dataType: 'uri_folder',
			dataUri: 'azureml://datastores/workspaceblobstore/paths/mnist/train/',
			description: 'MNIST training images',
		});
		await waitFor('mnist-train:1 under Data', async () => (await versionsOf('mnist-train')).some((v) => v.label === '1' && v.description === 'uri_folder'));
	});

	it('registers a file from a datastore node (no datastore question), as the next free version', async function () {
		this.timeout(120_000);
		const datastore = await child(await child(await dataFolder(), 'Datastores'), 'workspaceblobstore');
		await withAnswers(
			api,
			[
				{ inputBox: 'mnist/labels.csv' },
				{ pick: 'File' },
				{ inputBox: 'mnist-train' },
				{
					inputBox: (options) => {
						assert.equal(options.value, '2', 'version 1 exists, so 2 is offered');
						return options.value;
					},
				},
				{ inputBox: '' },
			],
			() => vscode.commands.executeCommand(CommandId.RegisterDatastorePath, datastore),
		);
		await waitFor('mnist-train:2 under Data', async () => (await versionsOf('mnist-train')).some((v) => v.label === '2' && v.description === 'uri_file'));
	});
});
