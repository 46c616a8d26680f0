import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, waitFor, workspaceFolder } from '../support/extension';
import { withAnswers } from '../support/prompts';
import { ScriptedPrompter, type Answer } from '../support/scriptedPrompter';

interface Served {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body?: unknown;
}

interface JobBody {
	properties: {
		command: string;
		codeId: string;
		environmentId: string;
		computeId?: string;
		experimentName: string;
		displayName?: string;
		resources: { instanceCount: number };
		distribution?: { distributionType: string; processCountPerInstance?: number };
		inputs: Record<string, { jobInputType: string; mode: string; uri: string }>;
	};
}

describe('Submit to Azure ML', () => {
	let api: ExtensionApi;
	let project: string;
	let script: vscode.Uri;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.workspace.getConfiguration('azuremlExplorer').update('submit.afterSubmit', 'notify', vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		project = path.join(workspaceFolder().fsPath, 'azure-submit', 'mnist');
		await mkdir(path.join(project, 'data'), { recursive: true });
		await writeFile(path.join(project, 'train.py'), 'import sys\nprint("training with", sys.argv)\n');
		await writeFile(path.join(project, 'requirements.txt'), 'torch==2.3.0\nnumpy\n');
		await writeFile(path.join(project, '.amlignore'), 'data/\n');
		await writeFile(path.join(project, 'data', 'train-images-idx3-ubyte'), randomBytes(200_000));
		await writeFile(path.join(project, 'data', 'train-labels-idx1-ubyte'), randomBytes(2_000));
		script = vscode.Uri.file(path.join(project, 'train.py'));
	});

	after(async () => {
		await vscode.workspace.getConfiguration('azuremlExplorer').update('submit.afterSubmit', undefined, vscode.ConfigurationTarget.Global);
		await resetEmulator();
	});

	async function served(): Promise<Served[]> {
		return (await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests.filter((r) => !r.path.startsWith('/_emulator'));
	}
	const jobPuts = async () => (await served()).filter((r) => r.method === 'PUT' && /\/jobs\/[^/]+$/.test(r.path));
	const blobWrites = async () => (await served()).filter((r) => r.method === 'PUT' && r.path.startsWith('/devstoreaccount1/'));
	const registrations = async () => (await served()).filter((r) => r.method === 'PUT' && /\/(codes|environments|jobs)\//.test(r.path));

	/** Every prompt of a first submit, answered as a user would. */
	const firstSubmitAnswers: Answer[] = [
		{ pick: 'ws-emulator' },
		{ pick: 'cpu-cluster' },
		{ inputBox: '2' },
		{ pick: 'PyTorch' },
		{ inputBox: '1' },
		{ pick: 'Build from requirements.txt' },
		{ pick: 'Local folder…' },
		{ inputBox: 'data' },
		{ inputBox: 'data' },
		{ pick: 'No more inputs' },
		{ inputBox: '--data ${{inputs.data}} --epochs 2' },
		{ inputBox: 'mnist-azure' },
		{ inputBox: 'LeNet on two nodes' },
	];

	it('submits from the explorer menu: a local folder input, a requirements.txt environment, two PyTorch nodes; saves the YAML and reveals the job', async () => {
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, firstSubmitAnswers, () => vscode.commands.executeCommand(CommandId.SubmitScript, script));

		const [put] = await jobPuts();
		assert.ok(put, 'no job was created');
		const job = (put.body as JobBody).properties;
		assert.equal(job.command, 'python train.py --data ${{inputs.data}} --epochs 2');
		assert.equal(job.experimentName, 'mnist-azure');
		assert.equal(job.displayName, 'LeNet on two nodes');
		assert.match(job.computeId ?? '', /\/computes\/cpu-cluster$/);
		assert.equal(job.resources.instanceCount, 2);
		assert.deepEqual(job.distribution, { distributionType: 'PyTorch', processCountPerInstance: 1 });
		assert.deepEqual(Object.keys(job.inputs), ['data']);
		assert.equal(job.inputs.data.mode, 'ReadOnlyMount');
		assert.match(job.inputs.data.uri, /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/data\/$/);
		assert.match(job.environmentId, /\/environments\/mnist-env\/versions\/[0-9a-f]{32}$/);
		assert.match(job.codeId, /\/codes\/[^/]+\/versions\/1$/);
		const writes = await blobWrites();
		assert.ok(writes.some((w) => /\/mnist\/train\.py$/.test(w.path) && w.headers['if-none-match'] === '*'), 'the script went up create-only');
		assert.ok(writes.some((w) => /\/LocalUpload\/[0-9a-f]{32}\/data\/train-images-idx3-ubyte$/.test(w.path)), 'the input folder went to LocalUpload/<hash>/');
		assert.ok(!writes.some((w) => /\/mnist\/data\//.test(w.path)), '.amlignore keeps data/ out of the snapshot');

		// The YAML beside the script is what `az ml job create -f` takes.
		const yaml = parse(await readFile(path.join(project, 'train.job.yml'), 'utf8')) as Record<string, unknown>;
		assert.equal(yaml.$schema, 'https://azuremlschemas.azureedge.net/latest/commandJob.schema.json');
		assert.equal(yaml.type, 'command');
		assert.equal(yaml.code, '.');
		assert.equal(yaml.compute, 'azureml:cpu-cluster');
		assert.deepEqual(yaml.resources, { instance_count: 2 });
		assert.deepEqual(yaml.distribution, { type: 'pytorch', process_count_per_instance: 1 });
		assert.deepEqual(yaml.inputs, { data: { type: 'uri_folder', path: './data', mode: 'ro_mount' } });
		assert.deepEqual((yaml.environment as { conda_file: unknown }).conda_file, { channels: ['conda-forge'], dependencies: ['python=3.10', 'pip', { pip: ['torch==2.3.0', 'numpy'] }] });

		const jobName = put.path.split('/').pop()!;
		await waitFor('the new job selected in the tree', () => api.services.treeView.selection[0]?.id.endsWith(`/jobs/${jobName}`));
	});

	it('submits again from the editor with the same settings in one click, uploading nothing', async () => {
		await vscode.window.showTextDocument(script);
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, [{ pick: (item) => item.label === 'ws-emulator' }, { pick: 'Submit again with the same settings' }], () =>
			vscode.commands.executeCommand(CommandId.SubmitScript),
		);
		assert.equal((await jobPuts()).length, 1);
		assert.deepEqual(await blobWrites(), []);
		const requests = await served();
		assert.ok(!requests.some((r) => r.path.endsWith('/startPendingUpload')), 'no upload was prepared');
		assert.ok(!requests.some((r) => r.method === 'PUT' && /\/(codes|environments)\//.test(r.path)), 'nothing new was registered');
	});

	it('offers the workspace first next time and re-runs a job from its node', async () => {
		await emulatorRequest('DELETE', 'requests');
		const job = api.services.treeView.selection[0];
		assert.ok(job, 'a job is selected');
		await vscode.commands.executeCommand(CommandId.RerunJob, job);
		const [put] = await jobPuts();
		assert.equal((put.body as JobBody).properties.experimentName, 'mnist-azure');
		assert.deepEqual(await blobWrites(), []);
	});

	it('submits again with other display name, arguments and compute uploading nothing, then rewrites its own YAML', async () => {
		const state = api.services.context.workspaceState;
		const key = `azuremlExplorer.submit.azure:${script.fsPath}:/subscriptions/11111111-1111-4111-8111-111111111111/resourcegroups/rg-emulator/providers/microsoft.machinelearningservices/workspaces/ws-emulator`;
		const last = state.get<Record<string, unknown>>(key);
		assert.ok(last, 'the first submit remembered its settings');
		await state.update(key, { ...last, displayName: 'other settings', command: 'python train.py --epochs 9', compute: { kind: 'serverless' }, instanceCount: 1, distribution: undefined });
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, [{ pick: 'ws-emulator' }, { pick: 'Submit again with the same settings' }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script));
		assert.equal((await jobPuts()).length, 1);
		assert.deepEqual(await blobWrites(), [], 'the saved YAML is not part of the snapshot');
		assert.ok(!(await served()).some((r) => r.path.endsWith('/startPendingUpload')), 'the snapshot was found by its hash');
		const yaml = parse(await readFile(path.join(project, 'train.job.yml'), 'utf8')) as Record<string, unknown>;
		assert.equal(yaml.display_name, 'other settings');
		assert.equal(yaml.command, 'python train.py --epochs 9');
		await state.update(key, last);
	});

	it('a failure mid-upload leaves no code, environment or job registered', async () => {
		await writeFile(path.join(project, 'model.py'), `# changed ${Date.now()}\n`);
		await writeFile(path.join(project, 'requirements.txt'), 'torch==2.4.0\n');
		await emulatorRequest('DELETE', 'requests');
		await emulatorRequest('POST', 'faults', { kind: 'status', status: 403, method: 'PUT', path: '/mnist/train\\.py$', times: 0, body: '<?xml version="1.0"?><Error><Code>AuthorizationFailure</Code><Message>Denied.</Message></Error>', headers: { 'content-type': 'application/xml' } });
		try {
			await assert.rejects(
				withAnswers(api, [{ pick: 'ws-emulator' }, { pick: 'Submit again with the same settings' }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script)),
				/Denied|403/,
			);
		} finally {
			await emulatorRequest('DELETE', 'faults');
		}
		assert.deepEqual((await registrations()).map((r) => r.path), []);
	});

	it('Cancel on the progress notification mid-upload leaves no code, environment or job registered', async () => {
		await writeFile(path.join(project, 'model.py'), `# changed again ${Date.now()}\n`);
		await vscode.commands.executeCommand('notifications.clearAll');
		await emulatorRequest('DELETE', 'requests');
		// Holds every snapshot block on its way to storage, so the upload is still running when the user cancels.
		await emulatorRequest('POST', 'faults', { kind: 'latency', latencyMs: 3_000, method: 'PUT', path: '/devstoreaccount1/.*/mnist/', times: 0 });
		try {
			const submitted = withAnswers(api, [{ pick: 'ws-emulator' }, { pick: 'Submit again with the same settings' }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script));
			await waitFor('a snapshot block on its way to storage', async () => (await blobWrites()).some((w) => /\/mnist\//.test(w.path)), 20_000);
			// What Ctrl+Shift+A (or a click on Cancel) does on the newest notification: the submit's progress.
			await vscode.commands.executeCommand('notification.acceptPrimaryAction');
			assert.equal(await submitted, undefined, 'a cancelled submit ends quietly');
		} finally {
			await emulatorRequest('DELETE', 'faults');
		}
		assert.deepEqual((await registrations()).map((r) => r.path), []);
	});

	it('warns about a folder of more than 2,000 files, naming the largest folder; declined, it sends nothing', async () => {
		const big = path.join(workspaceFolder().fsPath, 'azure-submit', 'huge');
		await mkdir(path.join(big, 'cache'), { recursive: true });
		await writeFile(path.join(big, 'train.py'), 'print(1)\n');
		for (let i = 0; i < 2001; i++) {
			await writeFile(path.join(big, 'cache', `f${i}.txt`), 'x');
		}
		const hugeScript = vscode.Uri.file(path.join(big, 'train.py'));
		await api.services.context.workspaceState.update(`azuremlExplorer.submit.azure:${hugeScript.fsPath}:/subscriptions/11111111-1111-4111-8111-111111111111/resourcegroups/rg-emulator/providers/microsoft.machinelearningservices/workspaces/ws-emulator`, {
			experimentName: 'huge',
			code: big,
			command: 'python train.py',
			environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33' },
			compute: { kind: 'cluster', name: 'cpu-cluster' },
			instanceCount: 1,
			inputs: {},
		});
		await emulatorRequest('DELETE', 'requests');
		const scripted = new ScriptedPrompter([{ pick: 'ws-emulator' }, { pick: 'Submit again with the same settings' }, { confirm: false }]);
		const original = api.services.prompt;
		api.services.prompt = scripted;
		try {
			assert.equal(await vscode.commands.executeCommand(CommandId.SubmitScript, hugeScript), undefined, 'declining ends the submit quietly');
		} finally {
			api.services.prompt = original;
		}
		assert.equal(scripted.remaining, 0);
		assert.match(scripted.asked[2] ?? '', /^confirm: The snapshot is 0\.0 MB in 2002 files; uploading it may take a while\. Largest: cache\/ .* in 2001 files, train\.py /);
		assert.ok(!existsSync(path.join(big, 'train.job.yml')), 'a submit that did not happen saves no YAML');
		const requests = await served();
		assert.ok(!requests.some((r) => r.method !== 'GET'), `requests after declining: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
	});

	it('submits a CLI job YAML file', async () => {
		const file = path.join(project, 'cli.job.yml');
		await writeFile(
			file,
			[
				'$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json',
				'type: command',
				'code: .',
				'command: python train.py --lr ${{inputs.lr}}',
				'environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
				'compute: azureml:cpu-cluster',
				'experiment_name: from-cli-yaml',
				'inputs:',
				'  lr: 0.01',
			].join('\n'),
		);
		await emulatorRequest('DELETE', 'requests');
		await withAnswers(api, [{ pick: 'ws-emulator' }], () => vscode.commands.executeCommand(CommandId.SubmitJobYaml, vscode.Uri.file(file)));
		const [put] = await jobPuts();
		const job = (put.body as JobBody).properties;
		assert.equal(job.experimentName, 'from-cli-yaml');
		assert.equal(job.environmentId, 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33');
		assert.deepEqual(job.inputs, { lr: { jobInputType: 'literal', value: '0.01' } });
	});
});
