// The metric charts panel on real runs: a local MNIST run submitted through the command, and a job
// on the Azure ML emulator, each watched while it trains. Growth is driven, not raced: the local
// run logs an epoch only when the test lets it (pacedRun.ts), the emulator job logs on its own clock
// and the test waits for each change.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunBackend } from '../../../src/core/backends/types';
import type { ExtensionApi } from '../../../src/extension';
import type { RunRef } from '../../../src/protocol/metrics';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { Prompter } from '../../../src/ui/prompter';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorWorkspace } from '../support/azureEmulatorBackend';
import { emulatorRequest } from '../support/emulator';
import { activateExtension, waitFor, workspaceFolder } from '../support/extension';
import { MetricsMessages } from '../support/metricsMessages';
import { Gate, writePacedScript } from '../support/pacedRun';
import { screenshot } from '../support/workbench';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A few of the panel's 3 s refresh intervals: long enough to see a refresh that should not happen. */
const quietMs = 7_000;
const mnistKeys = ['train_accuracy', 'train_loss', 'val_accuracy', 'val_loss'];

/** The same backend, counting how often the panel asks for a run's status (once per refresh). */
function counting(backend: RunBackend): { backend: RunBackend; refreshes: () => number } {
	let calls = 0;
	const wrapped = new Proxy(backend, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (property === 'getRun' && typeof value === 'function') {
				return (...args: unknown[]) => {
					calls++;
					return Reflect.apply(value, target, args) as unknown;
				};
			}
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});
	return { backend: wrapped, refreshes: () => calls };
}

/**
 * Answers a submit to Local: "Submit … to…" (asked only while Azure workspaces are in the tree,
 * which depends on what ran before) with Local, and the arguments box with `args`. Any other prompt fails.
 */
async function withLocalSubmitAnswers(api: ExtensionApi, args: string, action: () => Thenable<unknown>): Promise<void> {
	let argumentsAsked = 0;
	const unexpected = (what: string) => Promise.reject(new Error(`Unexpected prompt while submitting: ${what}`));
	const prompter: Prompter = {
		async quickPick(items, options) {
			const local = (await items).find((item) => item.label === 'Local');
			return local && /^Submit .+ to…$/.test(options.title ?? '') ? local : unexpected(`pick ${options.title ?? ''}`);
		},
		async inputBox(options) {
			argumentsAsked++;
			const invalid = await options.validateInput?.(args);
			return invalid ? unexpected(`arguments "${args}" refused: ${JSON.stringify(invalid)}`) : args;
		},
		quickPickMany: (_items, options) => unexpected(`pick many ${options.title ?? ''}`),
		confirm: (message) => unexpected(`confirm ${message}`),
		pickFolder: (options) => unexpected(`folder ${options.title}`),
	};
	const original = api.services.prompt;
	api.services.prompt = prompter;
	try {
		await action();
	} finally {
		api.services.prompt = original;
	}
	assert.equal(argumentsAsked, 1, 'the arguments were asked for once');
}

describe('Metric charts on real runs', function () {
	this.timeout(240_000);
	let api: ExtensionApi;
	let messages: MetricsMessages;
	const gates: Gate[] = [];
	const mnist = () => vscode.Uri.joinPath(workspaceFolder(), 'samples', 'mnist');

	before(async () => {
		api = await activateExtension();
		messages = new MetricsMessages(api);
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
	});
	after(() => {
		// A paced run still waiting would otherwise outlive the suite.
		gates.forEach((gate) => gate.allow(1_000));
		messages.dispose();
	});
	afterEach(async () => {
		assert.deepEqual(
			messages.received.filter((m) => m.type === 'reportError'),
			[],
			'the webview reported no problem',
		);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	async function runNodes(experiment: string): Promise<RunNode[]> {
		const children = (node: TreeNode) => api.services.tree.getChildren(node);
		const experimentNode = (await children(api.services.localNode)).find((n) => n.getTreeItem().label === experiment);
		return experimentNode ? ((await children(experimentNode)) as RunNode[]) : [];
	}

	/** Submits a script to Local through the command, typing its arguments, and returns its run's tree node. */
	async function submit(script: vscode.Uri, args: string, experiment: string): Promise<RunNode> {
		const before = new Set((await runNodes(experiment)).map((n) => n.runTarget.runId));
		await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment });
		await withLocalSubmitAnswers(api, args, () => vscode.commands.executeCommand(CommandId.SubmitScript, script));
		return waitFor('the new run in the tree', async () => (await runNodes(experiment)).find((n) => !before.has(n.runTarget.runId)));
	}

	/** A paced MNIST run: epochs up to `allowed` log at once, later ones when the gate says. */
	async function pacedRun(name: string, args: string, experiment: string, allowed: number): Promise<{ node: RunNode; gate: Gate }> {
		const gate = new Gate(allowed);
		gates.push(gate);
		const node = await submit(writePacedScript(mnist(), name), `--gate ${gate.file} ${args}`, experiment);
		return { node, gate };
	}

	const refOf = (node: RunNode): Omit<RunRef, 'label'> => {
		const { backend, runId } = node.runTarget;
		assert.ok(backend.workspaceId, 'a local run names its store, so its panel can reopen after a reload');
		return { kind: backend.kind, workspaceId: backend.workspaceId, runId };
	};

	it('charts a local MNIST run as it trains, appending each epoch, and stops polling when it ends', async () => {
		const { node, gate } = await pacedRun('paced_train', '--epochs 6 --learning-rate 0.02', 'mnist-metrics-live', 0);
		const run = refOf(node);
		const { backend, refreshes } = counting(node.runTarget.backend);
		const readyBefore = messages.count('ready');
		await vscode.commands.executeCommand(CommandId.ShowMetrics, { runTarget: { ...node.runTarget, backend } });
		await waitFor('the webview to say ready', () => messages.count('ready') > readyBefore);
		await waitFor('the run shown as running', () => messages.lastState(run)?.status === 'Running');
		assert.equal(messages.points(run, 'val_loss'), 0, 'nothing logged before the first epoch is let through');

		gate.allow(2);
		await waitFor('two epochs of every metric', () => mnistKeys.every((key) => messages.points(run, key) === 2));
		assert.ok(messages.lastState(run)?.live, 'still live while it trains');
		gate.allow(4);
		await waitFor('four epochs of val_loss', () => messages.points(run, 'val_loss') === 4);
		const ops = messages.series(run, 'val_loss').map((m) => [m.op, m.count]);
		// A refresh may land between epoch 1 and 2: the first message starts the series, the rest only add.
		assert.equal(ops[0][0], 'replace', 'the first points start the series');
		assert.ok(
			ops.slice(1).every(([op]) => op === 'append'),
			`later epochs are appended, not sent again: ${JSON.stringify(ops)}`,
		);
		assert.ok(messages.series(run, 'val_loss').every((m) => m.data instanceof ArrayBuffer), 'points cross as binary');

		gate.allow(6);
		await waitFor('the run shown as completed', () => messages.lastState(run)?.status === 'Completed' && !messages.lastState(run)?.live, 120_000);
		assert.deepEqual(
			mnistKeys.map((key) => messages.points(run, key)),
			[6, 6, 6, 6],
		);
		const calls = refreshes();
		await sleep(quietMs);
		assert.equal(refreshes(), calls, 'no refresh after the run ended');
	});

	it('charts an emulator job as it trains, every page of a long metric too, and stops polling when it ends', async () => {
		const { azure, workspace, backend } = await emulatorWorkspace();
		await emulatorRequest('PUT', 'scenario', {
			job: { statusMs: { NotStarted: 300, Queued: 300, Preparing: 300, Finalizing: 300 }, steps: 8, stepMs: 2_500, metrics: ['train_loss', 'val_accuracy'] },
		});
		try {
			const name = `metrics-live-${Date.now()}`;
			await azure.putCommandJob(workspace, name, {
				command: 'python train.py --epochs 8',
				environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
				computeId: `${workspace.armId}/computes/cpu-cluster`,
				experimentName: 'mnist-emulator',
				displayName: 'LeNet on the emulator',
			});
			// A long series beside the live ones: 60,000 points are three pages of MLflow history.
			await emulatorRequest('POST', 'metrics/seed', { runId: name, key: 'grad_norm', points: 60_000 });
			const run = { kind: 'azure' as const, workspaceId: workspace.armId, runId: name };

			await vscode.commands.executeCommand(CommandId.ShowMetrics, { runTarget: { backend, runId: name, label: 'LeNet on the emulator' } });
			await waitFor('every page of grad_norm', () => messages.points(run, 'grad_norm') === 60_000);
			await waitFor('the first logged step while the job runs', () => messages.points(run, 'train_loss') > 0 && messages.lastState(run)?.status === 'Running');
			const first = messages.points(run, 'train_loss');
			assert.ok(first < 8, `the job is still training (${first} of 8 steps)`);
			await waitFor('train_loss to grow while the job runs', () => messages.series(run, 'train_loss').some((m) => m.op === 'append'));
			await waitFor('the job shown as completed', () => messages.lastState(run)?.status === 'Completed' && !messages.lastState(run)?.live);
			assert.equal(messages.points(run, 'train_loss'), 8);
			assert.equal(messages.points(run, 'val_accuracy'), 8);
			assert.equal(messages.points(run, 'grad_norm'), 60_000, 'the unchanged long series is not sent again');
			assert.deepEqual(
				messages.series(run, 'grad_norm').map((m) => m.op),
				['replace'],
			);

			// The request log of the emulator is what reached "Azure": nothing about this job once it ended.
			const aboutJob = async () =>
				(await emulatorRequest<{ requests: { path: string; query: Record<string, string> }[] }>('GET', 'requests')).requests.filter(
					(r) => r.path.includes(name) || Object.values(r.query).includes(name),
				).length;
			const pages = (await emulatorRequest<{ requests: { path: string; query: Record<string, string> }[] }>('GET', 'requests')).requests.filter(
				(r) => r.path.endsWith('/metrics/get-history') && r.query.run_id === name && r.query.metric_key === 'grad_norm',
			);
			assert.ok(pages.some((r) => r.query.page_token), 'grad_norm was read page by page');
			const requests = await aboutJob();
			await sleep(quietMs);
			assert.equal(await aboutJob(), requests, 'no request about the job after it ended');
		} finally {
			await emulatorRequest('POST', 'reset');
		}
	});

	it('charts the TensorBoard event files of a local MNIST run as train/validation curves while it trains (the README screenshot)', async () => {
		const { node, gate } = await pacedRun('paced_tfevents', '--epochs 10 --learning-rate 0.02', 'mnist-tfevents', 0);
		const run = refOf(node);
		await vscode.commands.executeCommand(CommandId.ShowMetrics, node);
		await waitFor('the run shown as running', () => messages.lastState(run)?.status === 'Running');
		gate.allow(3);
		const folders = ['logs/train', 'logs/validation'];
		await waitFor('three epochs of epoch_loss from both event files', () => folders.every((f) => messages.points(run, 'epoch_loss', f) === 3), 120_000);
		assert.ok(messages.lastState(run)?.live, 'charted while the run trains');
		assert.deepEqual(
			folders.map((f) => messages.lastState(run, f)?.label),
			folders.map((f) => `${node.runTarget.label} · ${f}`),
			'each folder is a series of its own, so train and validation share the epoch_loss chart',
		);
		gate.allow(10);
		await waitFor('the run shown as completed', () => messages.lastState(run)?.status === 'Completed' && !messages.lastState(run)?.live, 120_000);
		for (const folder of folders) {
			assert.equal(messages.points(run, 'epoch_loss', folder), 10, folder);
			assert.equal(messages.points(run, 'epoch_accuracy', folder), 10, folder);
			assert.ok(messages.series(run, 'epoch_loss', folder).slice(1).every((m) => m.op === 'append'), `${folder}: only new points after the first`);
		}
		assert.equal(messages.points(run, 'val_loss'), 10, 'beside the MLflow metrics');
		await vscode.commands.executeCommand('workbench.action.closeSidebar');
		await vscode.commands.executeCommand('workbench.action.closePanel');
		await vscode.commands.executeCommand('notifications.clearAll');
		try {
			await screenshot('tfevents-keras', 2_000);
		} finally {
			await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
		}
	});

	// Run history lists logs/ with the job's logs; outputs/ only among its artifacts, at any depth.
	for (const [root, how] of [['logs', 'syncs to logs/'], ['outputs/tensorboard', 'writes under outputs/']] as const) {
	it(`charts the event files an emulator job ${how} while it trains`, async () => {
		const { azure, workspace, backend } = await emulatorWorkspace();
		await emulatorRequest('PUT', 'scenario', {
			job: { statusMs: { NotStarted: 300, Queued: 300, Preparing: 300, Finalizing: 300 }, steps: 6, stepMs: 2_500, metrics: ['train_loss'], eventFiles: true, eventFileFolder: root },
		});
		try {
			const name = `tfevents-live-${root.split('/')[0]}-${Date.now()}`;
			await azure.putCommandJob(workspace, name, {
				command: 'python train.py --epochs 6',
				environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
				computeId: `${workspace.armId}/computes/cpu-cluster`,
				experimentName: 'keras-emulator',
				displayName: 'Keras on the emulator',
			});
			const run = { kind: 'azure' as const, workspaceId: workspace.armId, runId: name };
			await vscode.commands.executeCommand(CommandId.ShowMetrics, { runTarget: { backend, runId: name, label: 'Keras on the emulator' } });
			await waitFor('the first epoch of validation/epoch_loss while the job runs', () => messages.points(run, 'epoch_loss', `${root}/validation`) > 0 && messages.lastState(run)?.status === 'Running');
			assert.ok(messages.points(run, 'epoch_loss', `${root}/train`) < 6, 'the job is still training');
			await waitFor('the job shown as completed', () => messages.lastState(run)?.status === 'Completed' && !messages.lastState(run)?.live);
			for (const folder of [`${root}/train`, `${root}/validation`]) {
				assert.equal(messages.points(run, 'epoch_loss', folder), 6, folder);
				assert.equal(messages.points(run, 'epoch_accuracy', folder), 6, folder);
				assert.equal(messages.lastState(run, folder)?.live, false, `${folder} stops with its run`);
			}
		} finally {
			await emulatorRequest('POST', 'reset');
		}
	});
	}

	describe('two MNIST runs with different learning rates', () => {
		const experiment = 'mnist-compare';
		let slow: RunNode;
		let fast: { node: RunNode; gate: Gate };

		before(async () => {
			// lr 0.005 trains to the end at once; lr 0.02 is held after 12 of its 20 epochs, so it is live.
			slow = (await pacedRun('mnist_lr0.005', '--epochs 20 --learning-rate 0.005', experiment, 20)).node;
			fast = await pacedRun('mnist_lr0.02', '--epochs 20 --learning-rate 0.02', experiment, 12);
			const { backend, runId } = slow.runTarget;
			await waitFor('lr 0.005 to complete', async () => (await backend.getRun(runId)).status === 'Completed', 120_000);
		});
		after(() => fast.gate.allow(20));

		async function compare(): Promise<void> {
			// As VS Code calls it for a multi-selection in the tree: the clicked node, then every selected one.
			await vscode.commands.executeCommand(CommandId.CompareMetrics, fast.node, [fast.node, slow]);
			await waitFor('both runs drawn', () =>
				mnistKeys.every((key) => messages.points(refOf(slow), key) === 20 && messages.points(refOf(fast.node), key) >= 12),
			);
		}

		it('overlays them while one still trains (the README screenshot)', async () => {
			await compare();
			assert.equal(messages.lastState(refOf(fast.node))?.live, true);
			assert.equal(messages.lastState(refOf(slow))?.status, 'Completed');
			// Room for the charts: no side bar, no panel, no "Submitted" notifications over them.
			await vscode.commands.executeCommand('workbench.action.closeSidebar');
			await vscode.commands.executeCommand('workbench.action.closePanel');
			await vscode.commands.executeCommand('notifications.clearAll');
			try {
				await screenshot('metrics-compare', 2_000);
			} finally {
				await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
			}
		});

		it('follows light, dark and high contrast themes', async () => {
			const workbench = vscode.workspace.getConfiguration('workbench');
			const original = workbench.inspect<string>('colorTheme')?.globalValue;
			await compare();
			try {
				for (const [theme, name] of [
					['Default Light Modern', 'metrics-theme-light'],
					['Default Dark Modern', 'metrics-theme-dark'],
					['Default High Contrast', 'metrics-theme-high-contrast'],
					['Default High Contrast Light', 'metrics-theme-high-contrast-light'],
				]) {
					await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
					await waitFor(`the ${theme} theme`, () => vscode.window.activeColorTheme.kind === themeKinds[theme]);
					await screenshot(name, 1_500);
				}
			} finally {
				await workbench.update('colorTheme', original, vscode.ConfigurationTarget.Global);
			}
			// Still drawing after the switches, and growing: the next epochs arrive while themed.
			fast.gate.allow(20);
			await waitFor('lr 0.02 to complete', () => messages.lastState(refOf(fast.node))?.status === 'Completed', 120_000);
			assert.equal(messages.points(refOf(fast.node), 'val_loss'), 20);
		});
	});
});

const themeKinds: Record<string, vscode.ColorThemeKind> = {
	'Default Light Modern': vscode.ColorThemeKind.Light,
	'Default Dark Modern': vscode.ColorThemeKind.Dark,
	'Default High Contrast': vscode.ColorThemeKind.HighContrast,
	'Default High Contrast Light': vscode.ColorThemeKind.HighContrastLight,
};
