import * as assert from 'node:assert/strict';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { OpenInTensorBoardResult } from '../../../src/ui/commands/openInTensorBoard';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import { fixturePath } from '../../unit/core/tfevents/eventBytes';
import { emulatorWorkspace } from '../support/azureEmulatorBackend';
import { emulatorRequest } from '../support/emulator';
import { activateExtension, extensionId, waitFor, workspaceFolder } from '../support/extension';
import { localTarget, withAnswers } from '../support/prompts';

interface ServedLogdir {
	readonly logdir: string;
	readonly files: { path: string; size: number }[];
}

interface MenuEntry {
	command: string;
	when?: string;
}

const open = async (runTarget: unknown): Promise<OpenInTensorBoardResult> => vscode.commands.executeCommand<OpenInTensorBoardResult>(CommandId.OpenInTensorBoard, { runTarget });

/** The Simple Browser tabs open in the window. */
function simpleBrowserTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('simpleBrowser.view'));
}

describe('Open in TensorBoard', function () {
	this.timeout(240_000);
	let api: ExtensionApi;
	let fakeRoot: string;
	const savedPythonPath = process.env.PYTHONPATH;

	before(async () => {
		api = await activateExtension();
		// The test double of the tensorboard package, in a temporary folder the selected Python imports it from once it is on PYTHONPATH.
		fakeRoot = await mkdtemp(path.join(tmpdir(), 'fake-tensorboard-'));
		const extension = vscode.extensions.getExtension(extensionId)!;
		await cp(path.join(extension.extensionPath, 'test', 'integration', 'fixtures', 'fakeTensorboard', 'tensorboard'), path.join(fakeRoot, 'tensorboard'), { recursive: true });
	});

	after(async () => {
		await api.services.tensorBoard.stopAll();
		restorePythonPath();
		await api.services.tensorBoard.refresh();
		await rm(fakeRoot, { recursive: true, force: true });
	});

	function restorePythonPath(): void {
		if (savedPythonPath === undefined) {
			delete process.env.PYTHONPATH;
		} else {
			process.env.PYTHONPATH = savedPythonPath;
		}
	}

	it('is hidden while neither the TensorBoard extension nor a tensorboard package is there, and says what to install', async () => {
		const manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as { contributes: { menus: Record<string, MenuEntry[]> } };
		const menus = manifest.contributes.menus;
		const entries = [...menus['view/item/context'], ...menus.commandPalette].filter((entry) => entry.command === CommandId.OpenInTensorBoard);
		assert.equal(entries.length, 2);
		entries.forEach((entry) => assert.match(entry.when ?? '', /(^|&& )azuremlExplorer\.tensorBoardAvailable( &&|$)/));

		restorePythonPath();
		assert.equal(vscode.extensions.getExtension('ms-toolsai.tensorboard'), undefined, 'this test needs a window without the TensorBoard extension');
		assert.equal(await api.services.tensorBoard.refresh(), undefined);
		const { backend } = await emulatorWorkspace();
		await assert.rejects(open({ backend, runId: 'any-job', label: 'any job' }), /TensorBoard is not available: install the TensorBoard extension \(ms-toolsai\.tensorboard\) or the tensorboard package/);
	});

	it('downloads an emulator job\'s logs/ event files, starts TensorBoard on them and shows it; again, only what changed and the same TensorBoard', async () => {
		process.env.PYTHONPATH = fakeRoot;
		assert.equal(await api.services.tensorBoard.refresh(), 'python', 'the selected Python imports the tensorboard double');

		const { azure, workspace, backend } = await emulatorWorkspace();
		await emulatorRequest('PUT', 'scenario', {
			job: { statusMs: { NotStarted: 200, Queued: 200, Preparing: 200, Finalizing: 200 }, steps: 3, stepMs: 300, metrics: ['train_loss'], eventFiles: true },
		});
		try {
			const name = `tensorboard-open-${Date.now()}`;
			await azure.putCommandJob(workspace, name, {
				command: 'python train.py --epochs 3',
				environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
				computeId: `${workspace.armId}/computes/cpu-cluster`,
				experimentName: 'keras-emulator',
				displayName: 'Keras for TensorBoard',
			});
			await waitFor('the job to complete', async () => (await backend.getRun(name)).status === 'Completed');
			const runTarget = { backend, runId: name, label: 'Keras for TensorBoard' };
			const listed = await backend.listEventFiles(name);
			assert.equal(listed.length, 2);
			const sizes = await Promise.all(listed.map(async (file) => (await file.reader.read(0)).bytes.length));

			const first = await open(runTarget);
			assert.equal(first.route, 'python');
			assert.equal(first.reused, false);
			assert.match(first.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
			assert.deepEqual(first.download, { files: 2, changed: 2, bytesRead: sizes[0] + sizes[1], restarted: 0 });
			assert.ok(first.logdir.startsWith(api.services.context.globalStorageUri.fsPath), first.logdir);
			const served = (await (await fetch(first.url!)).json()) as ServedLogdir;
			assert.equal(served.logdir, first.logdir);
			assert.deepEqual(
				served.files,
				listed.map((file, i) => ({ path: file.name.slice('logs/'.length), size: sizes[i] })),
			);
			await waitFor('TensorBoard shown in the Simple Browser', () => {
				if (simpleBrowserTabs().length === 0) {
					const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
					throw new Error(`tabs: ${tabs.map((tab) => `${tab.label} (${tab.input instanceof vscode.TabInputWebview ? tab.input.viewType : typeof tab.input})`).join(', ')}`);
				}
				return true;
			});

			const again = await open(runTarget);
			assert.equal(again.reused, true);
			assert.equal(again.url, first.url);
			assert.deepEqual(again.download, { files: 2, changed: 0, bytesRead: 0, restarted: 0 });

			await api.services.tensorBoard.stopAll();
			await assert.rejects(fetch(first.url!), 'stopped TensorBoard no longer answers');
		} finally {
			await emulatorRequest('POST', 'reset');
		}
	});

	it('opens a Local run\'s logs/ folder where it is, without copying it', async () => {
		process.env.PYTHONPATH = fakeRoot;
		assert.equal(await api.services.tensorBoard.refresh(), 'python');
		const script = vscode.Uri.joinPath(workspaceFolder(), 'tensorboard-logs', 'write_logs.py');
		await vscode.workspace.fs.writeFile(
			script,
			Buffer.from(
				'import os, shutil, sys\n' +
					'os.makedirs(os.path.join("logs", "train"), exist_ok=True)\n' +
					'shutil.copyfile(sys.argv[1], os.path.join("logs", "train", "events.out.tfevents.1622543341.test.1.0"))\n',
			),
		);
		const event = fixturePath('tensorboard-reducer', 'strict', 'run_1', 'events.out.tfevents.1622543341.janoshs-mbp.lan.86862.0');
		await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment: 'tensorboard-local' });
		await withAnswers(api, [...localTarget(api), { inputBox: event }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script));
		const run = await waitFor('the run to complete', async () => {
			const experiment = (await api.services.tree.getChildren(api.services.localNode)).find((n) => n.getTreeItem().label === 'tensorboard-local');
			const runs = experiment ? ((await api.services.tree.getChildren(experiment)) as RunNode[]) : [];
			return runs.find((node) => String(node.getTreeItem().description).startsWith('Completed'));
		});

		const opened = await open(run.runTarget);
		assert.equal(opened.download, undefined, 'nothing is downloaded for a Local run');
		assert.ok(opened.logdir.startsWith(api.services.local.backend!.store), opened.logdir);
		assert.equal(path.basename(opened.logdir), 'logs');
		const served = (await (await fetch(opened.url!)).json()) as ServedLogdir;
		assert.deepEqual(served.files, [{ path: 'train/events.out.tfevents.1622543341.test.1.0', size: (await stat(event)).size }]);
	});
});
