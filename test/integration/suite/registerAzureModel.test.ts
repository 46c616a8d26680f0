import * as assert from 'node:assert/strict';
import type { ModelVersion } from '@azure/arm-machinelearning';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorWorkspace } from '../support/azureEmulatorBackend';
import { resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';
import { withAnswers } from '../support/prompts';

describe('Register Model on an Azure job', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
	});

	after(() => resetEmulator());

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}

	it('registers the job output as the next version, with the latest metrics as properties', async () => {
		let node: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Jobs', 'mnist-lenet', 'LeNet on MNIST']) {
			node = await child(node, label);
		}
		const job = node as RunNode;
		const { backend, runId } = job.runTarget;
		const keys = (await backend.listMetricKeys(runId)).sort();
		assert.ok(keys.length > 0, 'the seeded job has metrics');
		await waitFor('the job\'s outputs/', async () => (await backend.listArtifacts?.(runId, 'outputs/'))?.length);
		const register = (): Promise<ModelVersion> =>
			withAnswers(api, [{ inputBox: 'lenet' }, { inputBox: (options) => String(options.value) }, { pick: 'Custom' }, { inputBox: '' }, { inputBox: '' }, { pickMany: keys }], () =>
				vscode.commands.executeCommand<ModelVersion>(CommandId.RegisterAzureModel, job),
			);

		const first = await register();
		assert.equal(first.name, '1');
		assert.equal(first.properties.modelUri, `azureml://jobs/${runId}/outputs/artifacts/paths/outputs/`);
		assert.equal(first.properties.jobName, runId);
		for (const key of keys) {
			const history = await backend.getMetricHistory(runId, key);
			assert.equal(first.properties.properties?.[key], String(history[history.length - 1].value), key);
		}
		assert.equal((await register()).name, '2', 'the next free version');

		const { azure, workspace } = await emulatorWorkspace();
		const stored = await azure.getModelVersion(workspace, 'lenet', '2');
		assert.deepEqual(stored.properties.properties, first.properties.properties);
	});

	it('refuses an invalid model name before any call, with the rule', async () => {
		let node: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Jobs', 'mnist-lenet', 'LeNet on MNIST']) {
			node = await child(node, label);
		}
		await assert.rejects(
			withAnswers(api, [{ inputBox: '-bad name' }], () => vscode.commands.executeCommand(CommandId.RegisterAzureModel, node)),
			/not a valid model name: use 1 to 255 letters/,
		);
	});
});
