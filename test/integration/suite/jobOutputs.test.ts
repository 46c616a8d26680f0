import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelVersion } from '@azure/arm-machinelearning';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { ArtifactNode } from '../../../src/ui/tree/ArtifactNodes';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorWorkspace } from '../support/azureEmulatorBackend';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';
import { withAnswers } from '../support/prompts';

describe('Job outputs in the tree: open, download, register as a model, sort and download versions', () => {
	let api: ExtensionApi;
	let job: RunNode;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		let node: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Jobs', 'mnist-lenet', 'LeNet on MNIST']) {
			node = await child(node, label);
		}
		job = node as RunNode;
		// The seeded job uploads its outputs as it finalizes.
		await waitFor('the job\'s outputs', async () => {
			api.services.tree.refresh(job);
			return (await api.services.tree.getChildren(job)).some((n) => labelOf(n) === 'outputs');
		});
	});

	after(() => resetEmulator());

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}

	it('lists the job\'s outputs and logs, opens a file read-only, and pages through a large folder', async () => {
		assert.deepEqual((await api.services.tree.getChildren(job)).map(labelOf), ['azureml-logs', 'outputs']);
		const outputs = await child(job, 'outputs');
		assert.deepEqual((await api.services.tree.getChildren(outputs)).map(labelOf), ['model', 'metrics.json']);
		const metrics = (await child(outputs, 'metrics.json')) as ArtifactNode;
		const uri = metrics.getTreeItem().resourceUri!;
		assert.equal(uri.scheme, 'azureml-output');
		const document = await vscode.workspace.openTextDocument(uri);
		assert.ok('val_accuracy' in (JSON.parse(document.getText()) as Record<string, number>));
		await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('{}'))));

		// More files than one page of run history's listing (50): all of them show.
		const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`outputs/checkpoints/epoch-${String(i).padStart(2, '0')}.txt`, `epoch ${i}`]));
		await emulatorRequest('POST', 'artifacts', { runId: job.runTarget.runId, files });
		api.services.tree.refresh(job);
		const checkpoints = await child(await child(job, 'outputs'), 'checkpoints');
		const listed = await api.services.tree.getChildren(checkpoints);
		assert.equal(listed.length, 60);
		assert.equal(labelOf(listed[59]), 'epoch-59.txt');
	});

	it('downloads a folder with its files, and asks before replacing it', async () => {
		const model = await child(await child(job, 'outputs'), 'model');
		const folder = mkdtempSync(path.join(os.tmpdir(), 'job-download-'));
		const target = await withAnswers(api, [{ folder }], () => vscode.commands.executeCommand<string>(CommandId.DownloadArtifact, model));
		assert.equal(target, path.join(folder, 'model'));
		assert.deepEqual(readdirSync(target).sort(), ['MLmodel', 'weights.json']);
		assert.match(readFileSync(path.join(target, 'MLmodel'), 'utf8'), /^artifact_path: model\nflavors:/);
		// Downloading again asks before replacing.
		await assert.rejects(
			withAnswers(api, [{ folder }, { confirm: false }], () => vscode.commands.executeCommand(CommandId.DownloadArtifact, model)),
			/already exists/,
		);
	});

	it('registers an output folder with an MLmodel file as an MLflow model pointing at the job\'s output', async () => {
		const modelFolder = await child(await child(job, 'outputs'), 'model');
		const { backend, runId } = job.runTarget;
		const keys = (await backend.listMetricKeys(runId)).sort();
		const version = await withAnswers(
			api,
			[
				{ inputBox: 'lenet-mlflow' },
				{ inputBox: (options) => String(options.value) },
				{ pick: (item) => item.label === 'MLflow' && item.detail === 'detected' },
				{ inputBox: 'LeNet-5, MLflow layout' },
				{ inputBox: 'framework=numpy, stage=dev' },
				{ pickMany: keys },
			],
			() => vscode.commands.executeCommand<ModelVersion>(CommandId.RegisterAzureModel, modelFolder),
		);
		assert.equal(version.name, '1');
		const p = version.properties;
		assert.equal(p.modelType, 'mlflow_model');
		assert.equal(p.modelUri, `azureml://jobs/${runId}/outputs/artifacts/paths/outputs/model/`);
		assert.equal(p.description, 'LeNet-5, MLflow layout');
		assert.deepEqual(p.tags, { framework: 'numpy', stage: 'dev' });
		assert.deepEqual(Object.keys(p.properties ?? {}).filter((k) => !k.startsWith('_')).sort(), keys);
		assert.equal(p.flavors?.python_function?.data?.loader_module, 'mlflow.pyfunc.model');

		// A file registers as a custom model at the file's path; the version proposed is the next free one.
		const metricsFile = await child(await child(job, 'outputs'), 'metrics.json');
		const second = await withAnswers(
			api,
			[
				{ inputBox: 'lenet-mlflow' },
				{ inputBox: (options) => (assert.equal(options.value, '2'), '2') },
				{ pick: (item) => item.label === 'Custom' && item.detail === 'detected' },
				{ inputBox: '' },
				{ inputBox: '' },
				{ pickMany: ['val_accuracy'] },
			],
			() => vscode.commands.executeCommand<ModelVersion>(CommandId.RegisterAzureModel, metricsFile),
		);
		assert.equal(second.properties.modelType, 'custom_model');
		assert.equal(second.properties.modelUri, `azureml://jobs/${runId}/outputs/artifacts/paths/outputs/metrics.json`);

		// A version already taken is refused, and nothing is replaced.
		await assert.rejects(
			withAnswers(api, [{ inputBox: 'lenet-mlflow' }, { inputBox: '1' }, { pick: 'Custom' }, { inputBox: '' }, { inputBox: '' }, { pickMany: [] }], () =>
				vscode.commands.executeCommand(CommandId.RegisterAzureModel, metricsFile),
			),
			/already has a version 1/,
		);
		const { azure, workspace } = await emulatorWorkspace();
		assert.equal((await azure.getModelVersion(workspace, 'lenet-mlflow', '1')).properties.modelType, 'mlflow_model');
	});

	it('sorts a model\'s versions by a property, remembered, and downloads a version', async () => {
		let models: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Models']) {
			models = await child(models, label);
		}
		api.services.tree.refresh(models);
		const model = await child(models, 'lenet-mlflow');
		const versions = async () => (await api.services.tree.getChildren(model)).map(labelOf);
		const [first] = await api.services.tree.getChildren(model);
		assert.match(String(first.getTreeItem().contextValue), /\bazureModelVersion\b/);
		assert.match(String(model.getTreeItem().contextValue), /\bazureModel\b/);

		// Version 2 has only val_accuracy, version 1 every metric: sorting by val_loss puts 1 first, 2 (no value) last.
		await withAnswers(api, [{ pick: 'val_loss, lowest first' }], () => vscode.commands.executeCommand(CommandId.SortModelVersions, model));
		assert.deepEqual(await versions(), ['1', '2']);
		assert.equal(model.getTreeItem().description, 'latest 2 · by val_loss, lowest first');
		await withAnswers(api, [{ pick: 'val_accuracy, highest first' }], () => vscode.commands.executeCommand(CommandId.SortModelVersions, model));
		const byAccuracy = await versions();
		const { azure, workspace } = await emulatorWorkspace();
		const accuracy = async (v: string) => Number((await azure.getModelVersion(workspace, 'lenet-mlflow', v)).properties.properties?.val_accuracy);
		assert.ok((await accuracy(byAccuracy[0])) >= (await accuracy(byAccuracy[1])), `order ${byAccuracy.join(', ')}`);
		await withAnswers(api, [{ pick: (item) => item.label === 'Newest first (no sort)' }], () => vscode.commands.executeCommand(CommandId.SortModelVersions, model));
		assert.equal(model.getTreeItem().description, 'latest 2');
		await withAnswers(api, [{ pick: 'val_loss, lowest first' }], () => vscode.commands.executeCommand(CommandId.SortModelVersions, model));

		const version1 = (await api.services.tree.getChildren(model)).find((n) => labelOf(n) === '1');
		assert.ok(version1);
		const folder = mkdtempSync(path.join(os.tmpdir(), 'model-download-'));
		const target = await withAnswers(api, [{ folder }], () => vscode.commands.executeCommand<string>(CommandId.DownloadModel, version1));
		assert.deepEqual(readdirSync(target).sort(), ['MLmodel', 'weights.json']);
	});
});
