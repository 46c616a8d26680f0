import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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

describe('Upload Folder as Data Asset', () => {
	let api: ExtensionApi;
	let project: string;
	let data: vscode.Uri;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		project = path.join(workspaceFolder().fsPath, 'data-asset-upload');
		await mkdir(path.join(project, 'mnist-images'), { recursive: true });
		await writeFile(path.join(project, 'mnist-images', 'train-images-idx3-ubyte'), randomBytes(150_000));
		await writeFile(path.join(project, 'mnist-images', 'labels.csv'), 'id,label\n1,7\n');
		await writeFile(path.join(project, 'train.py'), 'import sys\nprint(sys.argv)\n');
		await writeFile(path.join(project, 'requirements.txt'), 'numpy\n');
		// The data stays out of the job's snapshot: it goes as the data asset.
		await writeFile(path.join(project, '.amlignore'), 'mnist-images/\n');
		data = vscode.Uri.file(path.join(project, 'mnist-images'));
	});

	after(async () => {
		await rm(project, { recursive: true, force: true });
		await resetEmulator();
	});

	const served = async (): Promise<Served[]> => (await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests.filter((r) => !r.path.startsWith('/_emulator'));
	const blobWrites = async () => (await served()).filter((r) => r.method === 'PUT' && r.path.startsWith('/devstoreaccount1/') && r.query.comp !== 'metadata');
	const dataPuts = async () => (await served()).filter((r) => r.method === 'PUT' && /\/data\/[^/]+\/versions\/[^/]+$/.test(r.path));

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await api.services.tree.getChildren(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}
	const dataAssets = async (): Promise<TreeNode> =>
		child(await child(await child(await child(await child(undefined, 'Azure'), /^Subscription|11111111/), 'ws-emulator'), 'Data'), 'Data assets');

	/** Answers: the workspace, the name, the suggested version (checked), no description. */
	const answers = (expectedVersion: string) => [
		{ pick: 'ws-emulator' },
		{ inputBox: 'mnist-upload' },
		{
			inputBox: (options: vscode.InputBoxOptions) => {
				assert.equal(options.value, expectedVersion, 'the next free version is offered');
				return options.value;
			},
		},
		{ inputBox: 'MNIST images' },
	];

	it('uploads a folder from the explorer and registers it as a uri_folder; the unchanged folder then sends 0 bytes', async function () {
		this.timeout(120_000);
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, answers('1'), () => vscode.commands.executeCommand(CommandId.UploadFolderAsDataAsset, data));
		assert.ok((await blobWrites()).some((w) => /\/LocalUpload\/[0-9a-f]{32}\/mnist-images\/train-images-idx3-ubyte$/.test(w.path)));
		const [put] = await dataPuts();
		const properties = (put.body as { properties: { dataType: string; dataUri: string; description: string } }).properties;
		assert.equal(properties.dataType, 'uri_folder');
		assert.match(properties.dataUri, /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/mnist-images\/$/);
		assert.equal(properties.description, 'MNIST images');
		await waitFor('the asset under Data assets', async () => (await api.services.tree.getChildren(await dataAssets())).some((n) => labelOf(n) === 'mnist-upload'));

		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, answers('2'), () => vscode.commands.executeCommand(CommandId.UploadFolderAsDataAsset, data));
		assert.deepEqual(await blobWrites(), [], 'nothing re-uploaded');
		assert.equal((await dataPuts()).length, 1);
	});

	it('refuses a bad name with the rule, before any request', async () => {
		await emulatorRequest('DELETE', 'requests');
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ pick: 'ws-emulator' }, { inputBox: 'bad name' }], () => vscode.commands.executeCommand(CommandId.UploadFolderAsDataAsset, data))),
			/"bad name" is not a valid asset name/,
		);
		assert.deepEqual((await served()).filter((r) => r.method !== 'GET'), []);
	});

	it('offers the new asset as a Submit input', async function () {
		this.timeout(120_000);
		await emulatorRequest('DELETE', 'requests');
		const script = vscode.Uri.file(path.join(project, 'train.py'));
		await withAnswers(
			api,
			[
				{ pick: 'ws-emulator' },
				{ pick: 'cpu-cluster' },
				{ inputBox: '1' },
				{ pick: 'Build from requirements.txt' },
				{ pick: 'Data asset…' },
				{ pick: 'mnist-upload' },
				{ inputBox: 'data' },
				{ pick: 'No more inputs' },
				{ inputBox: '--data ${{inputs.data}}' },
				{ inputBox: 'data-asset-it' },
				{ inputBox: '' },
			],
			() => vscode.commands.executeCommand(CommandId.SubmitScript, script),
		);
		const job = (await served()).find((r) => r.method === 'PUT' && /\/jobs\/[^/]+$/.test(r.path));
		assert.ok(job, 'no job was created');
		const inputs = (job.body as { properties: { inputs: Record<string, { uri: string; jobInputType: string }> } }).properties.inputs;
		assert.equal(inputs.data.uri, 'azureml:mnist-upload:2');
		assert.equal(inputs.data.jobInputType, 'uri_folder');
	});
});
