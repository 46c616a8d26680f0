import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor, workspaceFolder } from '../support/extension';
import { withAnswers } from '../support/prompts';

interface Served {
	method: string;
	path: string;
	query: Record<string, string>;
	body?: unknown;
}

describe('Register Environment', () => {
	let api: ExtensionApi;
	let project: string;
	let requirements: vscode.Uri;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		project = path.join(workspaceFolder().fsPath, 'register-env');
		await mkdir(project, { recursive: true });
		await writeFile(path.join(project, 'requirements.txt'), 'torch==2.3.0\nnumpy\n');
		requirements = vscode.Uri.file(path.join(project, 'requirements.txt'));
	});

	after(async () => {
		await rm(project, { recursive: true, force: true });
		await resetEmulator();
	});

	const environmentPuts = async (): Promise<Served[]> =>
		(await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests.filter((r) => r.method === 'PUT' && /\/environments\/[^/]+\/versions\/[^/]+$/.test(r.path));

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}
	const environments = async (): Promise<TreeNode> => child(await child(await child(await child(undefined, 'Azure'), /^Subscription|11111111/), 'ws-emulator'), 'Environments');

	// A fresh list each time: the scripted prompter uses its answers up.
	const answers = () => [
		{ pick: 'ws-emulator' },
		{ inputBox: 'register-env-it' },
		{ inputBox: '' },
		{ pick: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest' },
	];

	it('registers a requirements.txt from the explorer; the same file a second time reuses that version', async function () {
		this.timeout(120_000);
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, answers(), () => vscode.commands.executeCommand(CommandId.RegisterEnvironment, requirements));
		const [put] = await environmentPuts();
		assert.match(put.path, /\/environments\/register-env-it\/versions\/1$/);
		const properties = (put.body as { properties: { image: string; condaFile: string } }).properties;
		assert.equal(properties.image, 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest');
		assert.match(properties.condaFile, /- torch==2\.3\.0/);
		await waitFor('the environment in the tree', async () => (await api.services.tree.getChildren(await environments())).some((n) => labelOf(n) === 'register-env-it'));

		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, answers(), () => vscode.commands.executeCommand(CommandId.RegisterEnvironment, requirements));
		assert.deepEqual(await environmentPuts(), [], 'identical content is reused, not registered again');
	});

	it('registers a Dockerfile from the explorer: its folder uploaded as the build context, the same folder a second time reused', async function () {
		this.timeout(120_000);
		const image = path.join(project, 'trainer-image');
		await mkdir(image, { recursive: true });
		await writeFile(path.join(image, 'Dockerfile'), 'FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
		await writeFile(path.join(image, 'requirements.txt'), 'numpy\n');
		const dockerfile = vscode.Uri.file(path.join(image, 'Dockerfile'));
		// No base image to pick: the Dockerfile names its own.
		const dockerAnswers = () => [{ pick: 'ws-emulator' }, { inputBox: 'docker-env-it' }, { inputBox: '' }];
		const served = async () => (await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests;
		const blobWrites = async () => (await served()).filter((r) => r.method === 'PUT' && r.path.startsWith('/devstoreaccount1/') && r.query.comp !== 'metadata');

		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, dockerAnswers(), () => vscode.commands.executeCommand(CommandId.RegisterEnvironment, dockerfile));
		assert.ok((await blobWrites()).some((w) => /\/LocalUpload\/[0-9a-f]{32}\/trainer-image\/Dockerfile$/.test(w.path)), 'the build context is uploaded');
		const [put] = await environmentPuts();
		assert.match(put.path, /\/environments\/docker-env-it\/versions\/1$/);
		const properties = (put.body as { properties: { image?: string; build: { contextUri: string; dockerfilePath: string } } }).properties;
		assert.equal(properties.image, undefined);
		assert.match(properties.build.contextUri, /\/LocalUpload\/[0-9a-f]{32}\/trainer-image\/$/);
		assert.equal(properties.build.dockerfilePath, 'Dockerfile');
		await waitFor('the environment in the tree', async () => (await api.services.tree.getChildren(await environments())).some((n) => labelOf(n) === 'docker-env-it'));

		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, dockerAnswers(), () => vscode.commands.executeCommand(CommandId.RegisterEnvironment, dockerfile));
		assert.deepEqual(await environmentPuts(), [], 'identical content is reused, not registered again');
		assert.deepEqual(await blobWrites(), [], 'and nothing is uploaded');
	});

	it('refuses a bad name with the rule, before any request', async () => {
		await emulatorRequest('DELETE', 'requests');
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ pick: 'ws-emulator' }, { inputBox: 'bad env!' }], () => vscode.commands.executeCommand(CommandId.RegisterEnvironment, requirements))),
			/"bad env!" is not a valid environment name/,
		);
		assert.deepEqual(await environmentPuts(), []);
	});
});
