import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor, workspaceFolder } from '../support/extension';
import { withAnswers } from '../support/prompts';

describe('Workspace config file (config.json)', () => {
	let api: ExtensionApi;
	const folder = (): string => workspaceFolder().fsPath;
	const configDir = (): string => path.join(folder(), '.azureml');
	const scriptDir = (): string => path.join(folder(), 'config-default');

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
	});

	after(async () => {
		rmSync(configDir(), { recursive: true, force: true });
		rmSync(scriptDir(), { recursive: true, force: true });
		api.services.tree.refresh();
		await resetEmulator();
	});

	async function subscription(): Promise<TreeNode> {
		const azure = (await api.services.tree.getChildren()).find((n) => labelOf(n) === 'Azure');
		assert.ok(azure, 'no Azure node');
		const found = (await api.services.tree.getChildren(azure)).find((n) => /^Subscription|11111111/.test(labelOf(n)));
		assert.ok(found, 'no subscription node');
		return found;
	}

	const workspaceLabels = async (): Promise<string[]> => (await api.services.tree.getChildren(await subscription())).map(labelOf);

	it('Write Workspace Config writes the SDK file; that workspace comes first in the tree and is Submit\'s default', async () => {
		assert.deepEqual((await workspaceLabels()).slice(0, 2), ['ws-emulator', 'ws-other'], 'the emulator lists ws-emulator first');
		const other = (await api.services.tree.getChildren(await subscription())).find((n) => labelOf(n) === 'ws-other');
		assert.ok(other);

		await vscode.commands.executeCommand(CommandId.WriteWorkspaceConfig, other);

		const written = JSON.parse(readFileSync(path.join(configDir(), 'config.json'), 'utf8')) as unknown;
		assert.deepEqual(written, { subscription_id: '11111111-1111-4111-8111-111111111111', resource_group: 'rg-other', workspace_name: 'ws-other' });
		await waitFor('ws-other listed first', async () => (await workspaceLabels())[0] === 'ws-other');
		const first = (await api.services.tree.getChildren(await subscription()))[0];
		assert.match(String(first.getTreeItem().description), /^default · rg-other/);

		// A script never submitted before: Submit offers the config's workspace first, above Local.
		mkdirSync(scriptDir(), { recursive: true });
		const script = path.join(scriptDir(), 'train_default.py');
		writeFileSync(script, 'print("hello")\n');
		const offered: string[] = [];
		const recordAndPickLocal = (item: vscode.QuickPickItem): boolean => {
			offered.push(item.label);
			return item.label === 'Local';
		};
		await withAnswers(api, [{ pick: recordAndPickLocal }, { cancel: true }], () => vscode.commands.executeCommand(CommandId.SubmitScript, vscode.Uri.file(script)));
		assert.deepEqual(offered.slice(0, 2), ['ws-other', 'Local']);
	});

	it('rewrites a config.json that names another workspace only after asking', async () => {
		const emulatorWs = (await api.services.tree.getChildren(await subscription())).find((n) => labelOf(n) === 'ws-emulator');
		assert.ok(emulatorWs);
		const file = path.join(configDir(), 'config.json');
		const before = readFileSync(file, 'utf8');

		await withAnswers(api, [{ confirm: false }], () => vscode.commands.executeCommand(CommandId.WriteWorkspaceConfig, emulatorWs));
		assert.equal(readFileSync(file, 'utf8'), before, 'declining leaves the file as it was');

		await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.WriteWorkspaceConfig, emulatorWs));
		assert.match(readFileSync(file, 'utf8'), /"workspace_name": "ws-emulator"/);
		await waitFor('ws-emulator marked default', async () => {
			const first = (await api.services.tree.getChildren(await subscription()))[0];
			return labelOf(first) === 'ws-emulator' && /^default/.test(String(first.getTreeItem().description));
		});
	});
});
