import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LocalRunner } from '../../../src/core/backends/local/localRunner';
import { findPython, platformCandidates } from '../../../src/core/backends/local/pythonFinder';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { activateExtension, labelOf, waitFor, workspaceFolder } from '../support/extension';
import { localRunNodes, submitToLocal } from '../support/localRuns';
import { withAnswers } from '../support/prompts';
import { until } from '../support/until';
import { screenshot } from '../support/workbench';

describe('Local compute', () => {
	let api: ExtensionApi;

	before(async () => {
		api = await activateExtension();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
	});

	async function children(node?: TreeNode): Promise<TreeNode[]> {
		return api.services.tree.getChildren(node);
	}

	const runNodes = (experiment: string): Promise<RunNode[]> => localRunNodes(api, experiment);
	const submit = (script: vscode.Uri, args: string, experiment: string): Promise<void> => submitToLocal(api, script, args, experiment);

	it('shows Local in the tree, with no runs yet, then its Models and Endpoints folders', async () => {
		const roots = await children();
		assert.equal(roots[0].getTreeItem().label, 'Local');
		const [message, ...folders] = await children(roots[0]);
		assert.match(labelOf(message), /No runs yet/);
		assert.deepEqual(folders.map(labelOf), ['Models', 'Endpoints']);
	});

	it('submits the MNIST sample to Local and shows the run complete, with its metrics readable', async () => {
		const script = vscode.Uri.joinPath(workspaceFolder(), 'samples', 'mnist', 'train.py');
		await submit(script, '--epochs 3', 'mnist-local');

		// The run is in the tree at once, and changes status by itself until it completes. One node
		// stands for the run however often the tree lists it again (the store watcher refreshes Local
		// on every new run), so the node the status watcher updates is the node the view shows.
		const run = await until('the run in the tree', async () => (await runNodes('mnist-local'))[0]);
		api.services.tree.refresh(api.services.localNode);
		assert.equal((await runNodes('mnist-local'))[0], run, 'a refresh put a new node in place of the run\'s');
		await until('the run to complete', () => String(run.getTreeItem().description).startsWith('Completed'));
		const [completed] = await runNodes('mnist-local');
		assert.equal(completed, run);
		assert.match(String(completed.getTreeItem().description), /^Completed · \d+s$/);
		assert.match(String(completed.getTreeItem().contextValue), /\brun\b.*\brunLocal\b/);
		assert.doesNotMatch(String(completed.getTreeItem().contextValue), /\brunActive\b/);

		const { backend, runId } = completed.runTarget;
		assert.deepEqual((await backend.listMetricKeys(runId)).sort(), ['train_accuracy', 'train_loss', 'val_accuracy', 'val_loss']);
		const valAccuracy = await backend.getMetricHistory(runId, 'val_accuracy');
		assert.deepEqual(valAccuracy.map((p) => p.step), [1, 2, 3]);
		assert.ok(valAccuracy[2].value > 0.5, `val_accuracy ${valAccuracy[2].value}`);
		await screenshot('local-run-completed');
	});

	it('follows azuremlExplorer.local.store to another store, where experiment ids start again at 1', async () => {
		const config = vscode.workspace.getConfiguration('azuremlExplorer');
		const other = vscode.Uri.joinPath(workspaceFolder(), 'other-store');
		const labels = async () => (await children((await children())[0])).map(labelOf);
		const script = vscode.Uri.joinPath(workspaceFolder(), 'other', 'hello.py');
		await vscode.workspace.fs.writeFile(script, Buffer.from('print("hello from the other store")\n'));
		try {
			await config.update('local.store', other.fsPath, vscode.ConfigurationTarget.Workspace);
			await waitFor('the other store, empty', async () => /No runs yet/.test((await labels()).join()));
			await submit(script, '', 'from-other-store');
			await waitFor('the other store\'s experiment, not mnist-local (also id 1)', async () => (await labels()).join() === 'from-other-store,Models,Endpoints');
			assert.equal((await runNodes('from-other-store')).length, 1);
		} finally {
			await config.update('local.store', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await waitFor('the workspace store again', async () => (await labels()).includes('mnist-local'));
	});

	it('stops an active run from the tree and shows it canceled', async () => {
		const folder = vscode.Uri.joinPath(workspaceFolder(), 'slow');
		const script = vscode.Uri.joinPath(folder, 'sleepy.py');
		await vscode.workspace.fs.writeFile(script, Buffer.from('import time\nprint("sleeping", flush=True)\ntime.sleep(120)\n'));
		await submit(script, '', 'slow-local');
		const run = await waitFor('the running run', async () => (await runNodes('slow-local')).find((n) => n.isActive));
		assert.match(String(run.getTreeItem().contextValue), /\brunActive\b/);

		await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.CancelJob, run));
		await waitFor('the run to be canceled', async () => (await runNodes('slow-local'))[0]?.getTreeItem().description?.toString().startsWith('Canceled'));
	});

	it('stops a run picked from the palette, where Cancel Job offers only the active runs', async () => {
		const quick = vscode.Uri.joinPath(workspaceFolder(), 'palette', 'quick.py');
		await vscode.workspace.fs.writeFile(quick, Buffer.from('print("done")\n'));
		await submit(quick, '', 'palette-done');
		await waitFor('the quick run to complete', async () => (await runNodes('palette-done'))[0]?.getTreeItem().description?.toString().startsWith('Completed'));
		const script = vscode.Uri.joinPath(workspaceFolder(), 'palette', 'sleepy.py');
		await vscode.workspace.fs.writeFile(script, Buffer.from('import time\nprint("sleeping", flush=True)\ntime.sleep(120)\n'));
		await submit(script, '', 'palette-local');
		const run = await waitFor('the running run', async () => (await runNodes('palette-local')).find((n) => n.isActive));

		let offered: readonly vscode.QuickPickItem[] = [];
		const isThisRun = (item: vscode.QuickPickItem, all: readonly vscode.QuickPickItem[]) => {
			offered = all;
			return item.label === run.runTarget.label && /\bLocal · palette-local$/.test(String(item.description));
		};
		// No node: the command is used from the palette.
		await withAnswers(api, [{ pick: isThisRun }, { confirm: true }], () => vscode.commands.executeCommand(CommandId.CancelJob));
		const descriptions = offered.map((item) => String(item.description));
		assert.ok(descriptions.length > 0 && descriptions.every((d) => !/^(Completed|Canceled|Failed)\b/.test(d)), descriptions.join(' | '));
		assert.ok(!descriptions.some((d) => d.endsWith('palette-done')), `the completed run is not offered: ${descriptions.join(' | ')}`);
		await waitFor('the run to be canceled', async () => (await runNodes('palette-local'))[0]?.getTreeItem().description?.toString().startsWith('Canceled'));
	});

	it('compares the metrics of two runs checked in the palette', async () => {
		// The completed and the canceled run of the test before.
		const labels = await Promise.all(['palette-done', 'palette-local'].map(async (experiment) => (await runNodes(experiment))[0].runTarget.label));
		const metricTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview).map((t) => t.label);
		try {
			// No node: the command is used from the palette.
			await withAnswers(api, [{ pickMany: labels }], () => vscode.commands.executeCommand(CommandId.CompareMetrics));
			await waitFor('the panel of both runs', () => metricTabs().includes('Metrics: 2 runs'));
		} finally {
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		}
	});

	it('shows a run started by an earlier window (before a reload) running, and Cancel Job stops it', async () => {
		const folder = vscode.Uri.joinPath(workspaceFolder(), 'earlier');
		const script = vscode.Uri.joinPath(folder, 'sleepy.py');
		await vscode.workspace.fs.writeFile(script, Buffer.from('import time\nprint("sleeping", flush=True)\ntime.sleep(120)\n'));
		// Started the way the extension starts runs, but by a runner this extension host does not hold.
		const earlier = await new LocalRunner().submit({
			python: await findPython(platformCandidates(process.platform)),
			harness: api.services.local.harness,
			store: api.services.local.backend!.store,
			experiment: 'earlier-window',
			source: folder.fsPath,
			script: 'sleepy.py',
			args: [],
		});
		const run = await waitFor('the earlier run, running', async () => (await runNodes('earlier-window')).find((n) => n.isActive));
		assert.equal(run.id.endsWith(earlier.runId), true, `${run.id} is not ${earlier.runId}`);

		await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.CancelJob, run));
		await waitFor('the earlier run to be canceled', async () => (await runNodes('earlier-window'))[0]?.getTreeItem().description?.toString().startsWith('Canceled'));
		assert.equal(await earlier.finished, 143);
	});
});
