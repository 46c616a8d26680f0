import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listLocalModelVersions, registerLocalModel } from '../../../src/core/backends/local/modelRegistry';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { EndpointResponse } from '../../../src/ui/commands/testLocalEndpoint';
import type { LocalEndpoint } from '../../../src/ui/local/LocalEndpoints';
import type { ArtifactNode } from '../../../src/ui/tree/ArtifactNodes';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import type { LocalBackend } from '../../../src/core/backends/local/localBackend';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { activateExtension, labelOf, waitFor, workspaceFolder } from '../support/extension';
import { localTarget, withAnswers } from '../support/prompts';

describe('Local deploy: register with metrics, sort, deploy the best version, test it', () => {
	let api: ExtensionApi;

	before(async () => {
		api = await activateExtension();
	});

	async function children(node?: TreeNode): Promise<TreeNode[]> {
		return api.services.tree.getChildren(node);
	}

	const localRoot = async (): Promise<TreeNode> => (await children())[0];

	async function runNodes(experiment: string): Promise<RunNode[]> {
		const local = await localRoot();
		const experimentNode = (await children(local)).find((n) => n.getTreeItem().label === experiment);
		return experimentNode ? ((await children(experimentNode)) as RunNode[]) : [];
	}

	it('trains MNIST on Local, registers it with its metrics, deploys the best version and gets its prediction', async () => {
		const script = vscode.Uri.joinPath(workspaceFolder(), 'samples', 'mnist', 'train.py');
		await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment: 'mnist-deploy' });
		await withAnswers(api, [...localTarget(api), { inputBox: '--epochs 1 --train-count 2000 --val-count 500' }], () =>
			vscode.commands.executeCommand(CommandId.SubmitScript, script),
		);
		const run = await waitFor(
			'the run to complete',
			async () => (await runNodes('mnist-deploy')).find((node) => String(node.getTreeItem().description).startsWith('Completed')),
			180_000,
		);

		// Its outputs are in the tree under the run: outputs/model.npz opens read-only and downloads.
		const outputsFolder = (await children(run)).find((n) => labelOf(n) === 'outputs');
		assert.ok(outputsFolder, `run children: ${(await children(run)).map(labelOf).join(', ')}`);
		const modelFile = (await children(outputsFolder)).find((n) => labelOf(n) === 'model.npz') as ArtifactNode | undefined;
		assert.ok(modelFile);
		assert.match(String(modelFile.getTreeItem().contextValue), /\bartifactFile\b.*\blocalArtifact\b/);
		const local = path.join(await (run.runTarget.backend as LocalBackend).artifactsDir(run.runTarget.runId), 'outputs', 'model.npz');
		const opened = await vscode.workspace.fs.readFile(modelFile.getTreeItem().resourceUri!);
		assert.deepEqual(Buffer.from(opened), readFileSync(local));
		await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(modelFile.getTreeItem().resourceUri!, Buffer.from('x'))));
		const downloads = mkdtempSync(path.join(os.tmpdir(), 'local-download-'));
		const downloaded = await withAnswers(api, [{ folder: downloads }], () => vscode.commands.executeCommand<string>(CommandId.DownloadArtifact, outputsFolder));
		assert.equal(downloaded, path.join(downloads, 'outputs'));
		assert.deepEqual(readFileSync(path.join(downloads, 'outputs', 'model.npz')), readFileSync(local));

		// Register: name, type (custom: no MLmodel file), description, tags, then the run's latest metrics, all offered; two are kept.
		const registered = await withAnswers(
			api,
			[{ inputBox: 'mnist-deploy' }, { pick: (item) => item.label === 'Custom' && item.detail === 'detected' }, { inputBox: 'LeNet-5 from the sample' }, { inputBox: 'framework=numpy' }, { pickMany: ['val_accuracy', 'val_loss'] }],
			() => vscode.commands.executeCommand<{ version: string; tags: Record<string, string>; path: string; description?: string }>(CommandId.RegisterLocalModel, run),
		);
		const store = api.services.local.backend!.store;
		assert.equal(registered.version, '1');
		assert.equal(registered.description, 'LeNet-5 from the sample');
		assert.deepEqual(Object.keys(registered.tags).sort(), ['azureml.modelType', 'framework', 'val_accuracy', 'val_loss']);
		assert.equal(registered.tags['azureml.modelType'], 'custom_model');
		const valAccuracy = await run.runTarget.backend.getMetricHistory(run.runTarget.runId, 'val_accuracy');
		assert.equal(registered.tags.val_accuracy, String(valAccuracy[valAccuracy.length - 1].value));

		// A worse, newer version (its folder holds no model): the sort must still pick version 1.
		const empty = path.join(store, '..', 'empty-model');
		mkdirSync(empty, { recursive: true });
		await registerLocalModel(store, { name: 'mnist-deploy', path: empty, tags: { val_accuracy: '0.01', val_loss: '9' } });
		assert.deepEqual((await listLocalModelVersions(store, 'mnist-deploy')).map((v) => v.version), ['2', '1']);

		const endpoint = await withAnswers(
			api,
			[
				{ pick: 'mnist-deploy' },
				{ pick: 'val_accuracy, highest first' },
				{ pick: (item) => item.label === 'mnist-deploy:1' && /best by val_accuracy/.test(item.description ?? '') },
				{ pick: 'samples/mnist/score.py' },
				{ inputBox: 'mnist-deploy-local' },
			],
			() => vscode.commands.executeCommand<LocalEndpoint>(CommandId.DeployLocal),
		);
		assert.match(endpoint.server.scoringUri, /^http:\/\/127\.0\.0\.1:\d+\/score$/);
		assert.deepEqual(api.services.context.workspaceState.get('azuremlExplorer.versionSort:mnist-deploy'), { property: 'val_accuracy', direction: 'highest' });

		// Test: no JSON editor is active, so the sample request beside score.py is sent.
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const response = await vscode.commands.executeCommand<EndpointResponse>(CommandId.TestLocalEndpoint);
		assert.equal(response.status, 200, response.body);
		const answer = JSON.parse(response.body) as { predictions: number[]; probabilities: number[][] };
		assert.equal(answer.predictions.length, 3);
		answer.probabilities.forEach((p, i) => assert.equal(p.indexOf(Math.max(...p)), answer.predictions[i]));
		const shown = await waitFor('the response beside', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'azureml-response'));
		assert.match(shown.document.getText(), /^\/\/ 200 · \d+ ms\n\{\n {2}"predictions"/);

		// Copy: the scoring URI, and a curl command sending the sample request (no key for Local).
		assert.equal(await vscode.commands.executeCommand<string>(CommandId.CopyLocalScoringUri), endpoint.server.scoringUri);
		assert.equal(await vscode.env.clipboard.readText(), endpoint.server.scoringUri);
		const curl = await vscode.commands.executeCommand<string>(CommandId.CopyLocalCurl);
		assert.equal(await vscode.env.clipboard.readText(), curl);
		assert.ok(curl.includes(endpoint.server.scoringUri) && curl.includes(path.join(path.dirname(endpoint.scoringScript), 'sample-request.json')), curl);
		assert.doesNotMatch(curl, /Authorization/);

		// Delete: the server stops and the port no longer answers.
		await withAnswers(api, [{ pick: 'mnist-deploy-local' }], () => vscode.commands.executeCommand(CommandId.DeleteLocalEndpoint));
		assert.equal(endpoint.server.running, false);
		await assert.rejects(fetch(endpoint.server.scoringUri, { method: 'POST', body: '{}' }));
		assert.deepEqual(api.services.localEndpoints.list(), []);

		// From the tree: Local › Models › mnist-deploy, sorted by the remembered sort, best version first.
		const modelsFolder = (await children(await localRoot())).find((n) => labelOf(n) === 'Models');
		assert.ok(modelsFolder);
		const model = (await children(modelsFolder)).find((n) => labelOf(n) === 'mnist-deploy');
		assert.ok(model);
		assert.equal(model.getTreeItem().description, 'by val_accuracy, highest first');
		assert.deepEqual((await children(model)).map(labelOf), ['1', '2']);
		assert.match(String((await children(model))[0].getTreeItem().description), /val_accuracy=0\.\d+/);
		await withAnswers(api, [{ pick: 'val_loss, highest first' }], () => vscode.commands.executeCommand(CommandId.SortModelVersions, model));
		assert.deepEqual((await children(model)).map(labelOf), ['2', '1'], 'val_loss 9 is the highest');
		await withAnswers(api, [{ pick: 'val_accuracy, highest first' }], () => vscode.commands.executeCommand(CommandId.SortModelVersions, model));

		// Deploy Best Version on the model: version 1, straight to the scoring script and the endpoint name.
		const best = await withAnswers(api, [{ pick: 'samples/mnist/score.py' }, { inputBox: 'mnist-best' }], () =>
			vscode.commands.executeCommand<LocalEndpoint>(CommandId.DeployBestVersion, model),
		);
		assert.equal(best.model.version, '1');
		const endpointsFolder = (await children(await localRoot())).find((n) => labelOf(n) === 'Endpoints');
		assert.ok(endpointsFolder);
		const endpointNode = await waitFor('the endpoint in the tree', async () => (await children(endpointsFolder)).find((n) => labelOf(n) === 'mnist-best'));
		assert.match(String(endpointNode.getTreeItem().contextValue), /\blocalEndpoint\b/);
		const fromNode = await vscode.commands.executeCommand<EndpointResponse>(CommandId.TestLocalEndpoint, endpointNode);
		assert.equal(fromNode.status, 200, fromNode.body);
		assert.equal(await vscode.commands.executeCommand<string>(CommandId.CopyLocalScoringUri, endpointNode), best.server.scoringUri);
		await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.DeleteLocalEndpoint, endpointNode));
		assert.equal(best.server.running, false);
		await waitFor('the endpoint gone from the tree', async () => (await children(endpointsFolder)).every((n) => labelOf(n) !== 'mnist-best'));
	});

	it('reports a scoring script whose init() fails and leaves no endpoint behind', async () => {
		const store = api.services.local.backend!.store;
		const folder = vscode.Uri.joinPath(workspaceFolder(), 'broken');
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'score.py'), Buffer.from('def init():\n    raise RuntimeError("cannot load the weights")\n\ndef run(raw):\n    return raw\n'));
		await registerLocalModel(store, { name: 'broken-model', path: folder.fsPath });
		await assert.rejects(
			withAnswers(api, [{ pick: 'broken-model' }, { pick: 'broken-model:1' }, { pick: 'broken/score.py' }, { inputBox: 'broken-local' }], () =>
				vscode.commands.executeCommand(CommandId.DeployLocal),
			),
			/RuntimeError: cannot load the weights/,
		);
		assert.deepEqual(api.services.localEndpoints.list(), []);
	});
});
