import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, extensionId, labelOf, waitFor } from '../support/extension';
import { withAnswers } from '../support/prompts';

interface MenuItem {
	command: string;
	when?: string;
}

describe('Compute instances: Start, Stop, Restart', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		await emulatorRequest('POST', 'computes/instance', { name: 'ci-dev', state: 'Stopped' });
		api.services.tree.refresh(await computeFolder());
	});

	after(resetEmulator);

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}

	const computeFolder = async (): Promise<TreeNode> => child(await child(await child(await child(undefined, 'Azure'), /^Subscription|11111111/), 'ws-emulator'), 'Compute');
	const instance = async (): Promise<TreeNode> => child(await computeFolder(), 'ci-dev');
	const description = async (): Promise<string> => String((await instance()).getTreeItem().description ?? '');

	/** The instance commands the node's context menu shows, by evaluating package.json's `when` regexes on its contextValue. */
	const shownCommands = async (): Promise<string[]> => {
		const menus = (vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { menus: Record<string, MenuItem[]> } }).contributes.menus['view/item/context'];
		const contextValue = String((await instance()).getTreeItem().contextValue ?? '');
		const instanceCommands = [CommandId.StartComputeInstance, CommandId.StopComputeInstance, CommandId.RestartComputeInstance] as string[];
		return menus
			.filter((m) => instanceCommands.includes(m.command))
			.filter((m) => {
				const regex = /viewItem =~ \/(.+)\/$/.exec(m.when ?? '')?.[1];
				assert.ok(regex, `${m.command} has no viewItem regex: ${m.when ?? ''}`);
				return new RegExp(regex).test(contextValue);
			})
			.map((m) => m.command.replace('azuremlExplorer.', ''));
	};

	it('offers only Start on a stopped instance', async () => {
		assert.match(await description(), /^ComputeInstance · Stopped$/);
		assert.deepEqual(await shownCommands(), ['startComputeInstance']);
	});

	it('starts it, showing Starting… in the tree while the operation runs, then Running with Stop and Restart', async function () {
		this.timeout(120_000);
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 1_000_000 } });
		await emulatorRequest('DELETE', 'requests');
		const started = vscode.commands.executeCommand(CommandId.StartComputeInstance, await instance());
		await waitFor('the instance shown as Starting…', async () => (await description()).endsWith('Starting…'));
		assert.deepEqual(await shownCommands(), [], 'no action offered while it starts');
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 0 } });
		await started;
		await waitFor('the instance Running', async () => (await description()).endsWith('· Running'));
		assert.deepEqual(await shownCommands(), ['stopComputeInstance', 'restartComputeInstance']);
		const posts = (await emulatorRequest<{ requests: { method: string; path: string; query: Record<string, string> }[] }>('GET', 'requests')).requests.filter((r) => r.method === 'POST');
		assert.equal(posts.length, 1);
		assert.match(posts[0].path, /\/workspaces\/ws-emulator\/computes\/ci-dev\/start$/);
		assert.equal(posts[0].query['api-version'], '2022-10-01');
	});

	it('restarts it through Restarting…, back to Running', async function () {
		this.timeout(120_000);
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 1_000_000 } });
		const restarted = vscode.commands.executeCommand(CommandId.RestartComputeInstance, await instance());
		await waitFor('the instance shown as Restarting…', async () => (await description()).endsWith('Restarting…'));
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 0 } });
		await restarted;
		await waitFor('the instance Running again', async () => (await description()).endsWith('· Running'));
	});

	it('stops it through Stopping…, then offers Start again', async function () {
		this.timeout(120_000);
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 1_000_000 } });
		const stopped = vscode.commands.executeCommand(CommandId.StopComputeInstance, await instance());
		await waitFor('the instance shown as Stopping…', async () => (await description()).endsWith('Stopping…'));
		await emulatorRequest('PUT', 'scenario', { lro: { polls: 0 } });
		await stopped;
		await waitFor('the instance Stopped', async () => (await description()).endsWith('· Stopped'));
		assert.deepEqual(await shownCommands(), ['startComputeInstance']);
	});

	it('deletes it like any compute, so later suites see the seeded workspace as it was', async function () {
		this.timeout(120_000);
		await withAnswers(api, [{ confirm: true }], async () => vscode.commands.executeCommand(CommandId.DeleteResource, await instance()));
		await waitFor('the instance gone', async () => !(await api.services.tree.getChildren(await computeFolder())).some((n) => labelOf(n) === 'ci-dev'));
	});
});
