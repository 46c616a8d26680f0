import * as assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LocalRunner } from '../../../src/core/backends/local/localRunner';
import { findPython, platformCandidates } from '../../../src/core/backends/local/pythonFinder';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { LocalExperimentNode } from '../../../src/ui/tree/local/LocalExperimentNode';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { activateExtension, labelOf, waitFor, workspaceFolder } from '../support/extension';
import { localRunNodes, submitToLocal } from '../support/localRuns';
import { localTarget, withAnswers } from '../support/prompts';
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

	describe('local data assets', () => {
		let dataFile: string;
		let images: vscode.Uri;
		let script: vscode.Uri;

		before(async () => {
			dataFile = path.join(api.services.local.backend!.store, 'azureml-explorer-data.json');
			images = vscode.Uri.joinPath(workspaceFolder(), 'local-data', 'mnist images');
			await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(images, 'labels.csv'), Buffer.from('id,label\n1,7\n'));
			script = vscode.Uri.joinPath(workspaceFolder(), 'local-data', 'read.py');
			await vscode.workspace.fs.writeFile(
				script,
				Buffer.from('import os, sys\nfolder = sys.argv[2]\nprint("same folder:", os.environ["AZURE_ML_INPUT_mnist_images"] == folder)\nprint("row:", open(os.path.join(folder, "labels.csv")).read().splitlines()[1])\n'),
			);
		});

		// Later suites submit to Local without expecting an inputs prompt.
		after(async () => {
			await rm(dataFile, { force: true });
			await rm(path.dirname(images.fsPath), { recursive: true, force: true });
		});

		const register = (expectedVersion: string, description: string) =>
			withAnswers(
				api,
				[
					...localTarget(api),
					{ inputBox: 'mnist-images' },
					{
						inputBox: (options: vscode.InputBoxOptions) => {
							assert.equal(options.value, expectedVersion, 'the next free version is offered');
							return expectedVersion;
						},
					},
					{ inputBox: description },
				],
				() => vscode.commands.executeCommand(CommandId.UploadFolderAsDataAsset, images),
			);

		async function dataNodes(): Promise<TreeNode[]> {
			const data = (await children((await children())[0])).find((n) => labelOf(n) === 'Data');
			assert.ok(data, 'Local shows a Data folder');
			const [asset] = await children(data);
			assert.equal(labelOf(asset), 'mnist-images');
			return children(asset);
		}

		it('records a folder as versions of a local data asset, shown under Local › Data after the runs', async () => {
			const localChildren = async () => (await children((await children())[0])).map(labelOf);
			assert.ok(!(await localChildren()).includes('Data'), 'no Data folder before any local data asset');
			await register('1', 'MNIST labels');
			await register('2', '');
			const labels = await localChildren();
			assert.deepEqual(labels.slice(-3), ['Data', 'Models', 'Endpoints'], `Data comes after the experiments, before Models and Endpoints: ${labels.join(', ')}`);
			const versions = await dataNodes();
			assert.deepEqual(versions.map(labelOf), ['1', '2']);
			// Markdown-escaped text: undo the escapes to find the path and the description.
			const tooltip = (versions[0].getTreeItem().tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
			assert.ok(tooltip.includes('mnist-images:1') && tooltip.includes(images.fsPath) && tooltip.includes('MNIST labels'), tooltip);
			const file = JSON.parse(await readFile(dataFile, 'utf8')) as { assets: { name: string; version: string; path: string }[] };
			assert.deepEqual(
				file.assets.map((a) => [a.name, a.version, a.path]),
				[
					['mnist-images', '1', images.fsPath],
					['mnist-images', '2', images.fsPath],
				],
			);
		});

		it('submits a script to Local with a local data asset as an input the script reads', async () => {
			await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment: 'local-data' });
			await withAnswers(api, [...localTarget(api), { pickMany: ['mnist-images:2'] }, { inputBox: '--data ${{inputs.mnist_images}}' }], () =>
				vscode.commands.executeCommand(CommandId.SubmitScript, script),
			);
			const run = await until('the run to complete', async () => {
				const [node] = await runNodes('local-data');
				return node && /^(Completed|Failed)/.test(String(node.getTreeItem().description)) && node;
			});
			const experimentId = (run.getParent() as LocalExperimentNode).experimentId;
			const log = await readFile(path.join(api.services.local.backend!.store, experimentId, run.runTarget.runId, 'artifacts', 'azureml-logs', '70_driver_log.txt'), 'utf8');
			assert.match(String(run.getTreeItem().description), /^Completed/, log);
			assert.match(log, /same folder: True/);
			assert.match(log, /row: 1,7/);
		});

		it('submits a job YAML to Local, its azureml:<name>:<version> input taken from the local data assets', async () => {
			const yaml = vscode.Uri.joinPath(workspaceFolder(), 'local-data', 'read.job.yml');
			const text = [
				'command: python read.py --data ${{inputs.mnist_images}}',
				'code: .',
				'environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest',
				'experiment_name: local-data-yaml',
				'inputs:',
				'  mnist_images:',
				'    type: uri_folder',
				'    path: azureml:mnist-images:1',
			].join('\n');
			await vscode.workspace.fs.writeFile(yaml, Buffer.from(`${text}\n`));
			await withAnswers(api, [{ pick: 'Local' }], () => vscode.commands.executeCommand(CommandId.SubmitJobYaml, yaml));
			const run = await until('the YAML run to complete', async () => {
				const [node] = await runNodes('local-data-yaml');
				return node && /^(Completed|Failed)/.test(String(node.getTreeItem().description)) && node;
			});
			const experimentId = (run.getParent() as LocalExperimentNode).experimentId;
			const log = await readFile(path.join(api.services.local.backend!.store, experimentId, run.runTarget.runId, 'artifacts', 'azureml-logs', '70_driver_log.txt'), 'utf8');
			assert.match(String(run.getTreeItem().description), /^Completed/, log);
			assert.match(log, /same folder: True/);
			assert.match(log, /row: 1,7/);
		});

		it('refuses to start a run whose input folder is gone, naming it, and starts nothing', async () => {
			const gone = vscode.Uri.joinPath(workspaceFolder(), 'local-data', 'gone');
			await vscode.workspace.fs.createDirectory(gone);
			await withAnswers(api, [...localTarget(api), { inputBox: 'gone-data' }, { inputBox: '1' }, { inputBox: '' }], () => vscode.commands.executeCommand(CommandId.UploadFolderAsDataAsset, gone));
			await rm(gone.fsPath, { recursive: true });
			const before = (await runNodes('local-data')).length;
			await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment: 'local-data' });
			await assert.rejects(
				Promise.resolve(
					withAnswers(api, [...localTarget(api), { pickMany: ['gone-data:1'] }, { inputBox: '' }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script)),
				),
				(error: Error) => error.message.includes(`the folder of local data asset gone-data:1 is gone (${gone.fsPath})`),
			);
			api.services.tree.refresh(api.services.localNode);
			assert.equal((await runNodes('local-data')).length, before, 'no run was started');
		});
	});
});
