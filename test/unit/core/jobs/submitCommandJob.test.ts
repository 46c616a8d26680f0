import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import type { CommandJobSpec } from '../../../../src/core/jobs/commandJobSpec';
import { condaSourceFor } from '../../../../src/core/jobs/environmentFiles';
import { submitCommandJob, type SubmitProgress } from '../../../../src/core/jobs/submitCommandJob';
import { snapshotContentHash } from '../../../../src/core/snapshot/contentHash';
import { listSnapshotFiles } from '../../../../src/core/snapshot/fileList';
import { loadIgnoreRules } from '../../../../src/core/snapshot/ignoreRules';
import { addCompute } from '../../../emulator/arm/computes';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import type { WorkspaceState } from '../../../emulator/state';

/** A script folder as a user has it: the script, requirements, an ignored cache, a data folder. */
async function projectFolder(): Promise<string> {
	const root = await mkdtemp(path.join(tmpdir(), 'submit-'));
	const code = path.join(root, 'mnist');
	await mkdir(path.join(code, '__pycache__'), { recursive: true });
	await writeFile(path.join(code, 'train.py'), 'import sys\nprint(sys.argv)\n');
	await writeFile(path.join(code, 'model.py'), 'class LeNet: pass\n');
	await writeFile(path.join(code, 'requirements.txt'), 'torch==2.3.0\nnumpy\n');
	await writeFile(path.join(code, '.amlignore'), '__pycache__/\ndata/\n');
	await writeFile(path.join(code, '__pycache__', 'model.cpython-310.pyc'), randomBytes(2000));
	await mkdir(path.join(code, 'data'));
	await writeFile(path.join(code, 'data', 'train-images.idx3-ubyte'), randomBytes(300_000));
	await writeFile(path.join(code, 'data', 'train-labels.idx1-ubyte'), randomBytes(5_000));
	return code;
}

function specFor(code: string, overrides: Partial<CommandJobSpec> = {}): CommandJobSpec {
	return {
		experimentName: 'mnist-lenet',
		displayName: 'LeNet',
		code,
		command: 'python train.py --data ${{inputs.data}} --epochs 3',
		environment: { kind: 'build', image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', conda: condaSourceFor(path.join(code, 'requirements.txt')) },
		compute: { kind: 'cluster', name: 'gpu-cluster' },
		instanceCount: 2,
		distribution: { type: 'pytorch', processCountPerInstance: 1 },
		inputs: { data: { kind: 'localFolder', path: path.join(code, 'data'), mode: 'ro_mount' } },
		...overrides,
	};
}

describe('submit a command job (emulator + Azurite)', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let state: WorkspaceState;

	const versions = (kind: 'codes' | 'environments') => [...state.assets[kind].values()].flatMap((a) => [...a.versions.keys()]);
	const blobWrites = () => emulator.requests().filter((r) => r.method === 'PUT' && r.path.startsWith('/devstoreaccount1/') && !('comp' in r.query && r.query.comp === 'metadata'));

	beforeEach(async () => {
		emulator = await sharedEmulator();
		emulator.reset();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		state = emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!;
		addCompute(state, 'gpu-cluster', { vmSize: 'STANDARD_NC6', scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } }, 'eastus2');
	});

	afterEach(() => emulator.reset());

	it('uploads the snapshot and the input folder, registers the environment and creates a two-node PyTorch job', async () => {
		const code = await projectFolder();
		const progress: SubmitProgress[] = [];
		const result = await submitCommandJob(workspace, specFor(code), { onProgress: (p) => progress.push(p) });

		assert.equal(result.codeUploaded, true);
		const job = state.jobs.get(result.jobName)!.resource.properties;
		assert.equal(job.command, 'python train.py --data ${{inputs.data}} --epochs 3');
		assert.equal(job.experimentName, 'mnist-lenet');
		assert.equal(job.displayName, 'LeNet');
		assert.equal(job.computeId, `${workspace.armId}/computes/gpu-cluster`);
		assert.deepEqual(job.distribution, { distributionType: 'PyTorch', processCountPerInstance: 1 });
		assert.equal((job.resources as { instanceCount: number }).instanceCount, 2);
		const input = (job.inputs as Record<string, { jobInputType: string; mode: string; uri: string }>).data;
		assert.equal(input.jobInputType, 'uri_folder');
		assert.equal(input.mode, 'ReadOnlyMount');
		assert.match(input.uri, /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/data\/$/);

		// The code version carries the SDK's content hash and points at the uploaded folder.
		const files = await listSnapshotFiles(code, await loadIgnoreRules(code));
		assert.deepEqual(files.map((f) => f.relative).sort(), ['.amlignore', 'model.py', 'requirements.txt', 'train.py']);
		const codeVersion = state.assets.codes.get(result.codeId.split('/codes/')[1].split('/')[0])!.versions.get('1')!;
		assert.equal((codeVersion.properties.properties as Record<string, string>).hash_sha256, await snapshotContentHash(files));
		assert.match(String(codeVersion.properties.codeUri), /\/mnist$/);
		assert.equal(job.codeId, result.codeId);

		// Snapshot blobs went up create-only; the input under LocalUpload/<hash>/data/ on the default datastore.
		const writes = blobWrites();
		const snapshotWrites = writes.filter((w) => /\/mnist\//.test(w.path));
		assert.equal(snapshotWrites.length, 4);
		assert.ok(snapshotWrites.every((w) => w.headers['if-none-match'] === '*'));
		const container = emulator.context.blobs.service.getContainerClient(String(codeVersion.properties.codeUri).split('/').slice(-2)[0]);
		assert.equal((await container.getBlockBlobClient('mnist/train.py').downloadToBuffer()).toString(), await readFile(path.join(code, 'train.py'), 'utf8'));
		assert.equal(writes.filter((w) => /\/LocalUpload\/[0-9a-f]{32}\/data\//.test(w.path)).length, 2);

		// The environment: requirements wrapped into conda, versioned by content.
		const [envName] = [...state.assets.environments.keys()];
		assert.equal(envName, 'mnist-env');
		const env = [...state.assets.environments.get('mnist-env')!.versions.values()][0];
		assert.deepEqual(JSON.parse(String(env.properties.condaFile)), { channels: ['conda-forge'], dependencies: ['python=3.10', 'pip', { pip: ['torch==2.3.0', 'numpy'] }] });
		assert.equal(job.environmentId, env.id);

		// Progress named each step, and bytes rose to the total sent.
		const steps = [...new Set(progress.map((p) => p.step))];
		assert.deepEqual(steps, ['check', 'findCode', 'uploadCode', 'uploadInputs', 'environment', 'registerCode', 'createJob']);
		const last = progress.filter((p) => p.bytesDone !== undefined).at(-1)!;
		assert.equal(last.bytesDone, last.bytesTotal);
		assert.equal(result.uploadedBytes, files.reduce((s, f) => s + f.size, 0) + 305_000);
		assert.match(result.studioUrl ?? '', /^https:\/\/ml\.azure\.com\/runs\//);
	});

	it('resubmits an unchanged folder without uploading anything or building a new environment', async () => {
		const code = await projectFolder();
		const first = await submitCommandJob(workspace, specFor(code));
		emulator.clearRequests();
		const second = await submitCommandJob(workspace, specFor(code));

		assert.equal(second.codeUploaded, false);
		assert.equal(second.uploadedBytes, 0);
		assert.equal(second.codeId, first.codeId);
		assert.equal(second.environmentId, first.environmentId);
		assert.notEqual(second.jobName, first.jobName);
		const requests = emulator.requests();
		assert.deepEqual(blobWrites(), []);
		assert.ok(!requests.some((r) => r.path.endsWith('/startPendingUpload')));
		assert.ok(!requests.some((r) => r.method === 'PUT' && /\/(environments|codes)\//.test(r.path)));
		assert.equal(versions('codes').length, 1);

		// A changed requirements file makes a new environment version; the changed snapshot is uploaded.
		await writeFile(path.join(code, 'requirements.txt'), 'torch==2.4.0\n');
		const third = await submitCommandJob(workspace, specFor(code));
		assert.equal(third.codeUploaded, true);
		assert.notEqual(third.environmentId, first.environmentId);
		assert.equal(versions('environments').length, 2);
	});

	it('cancelled mid-upload, leaves no code, environment or job, and removes the partial input upload', async () => {
		const code = await projectFolder();
		for (let i = 0; i < 40; i++) {
			await writeFile(path.join(code, `module_${i}.py`), `x = ${i}\n`);
		}
		emulator.addFault({ kind: 'latency', latencyMs: 40, path: '^/devstoreaccount1/', method: 'PUT', times: 0 });
		const controller = new AbortController();
		let sawBytes = false;
		const submitting = submitCommandJob(workspace, specFor(code), {
			tuning: { blockSize: 64 * 1024, concurrency: 2 },
			signal: controller.signal,
			onProgress: (p) => {
				if (p.step === 'uploadCode' && (p.bytesDone ?? 0) > 0 && !sawBytes) {
					sawBytes = true;
					controller.abort();
				}
			},
		});
		await assert.rejects(submitting, (error: Error) => error.name === 'AbortError');
		assert.ok(sawBytes);
		assert.deepEqual(versions('codes'), []);
		assert.deepEqual(versions('environments'), []);
		assert.equal(state.jobs.size, 0);
		const writesAfterAbort = blobWrites().length;
		await new Promise((r) => setTimeout(r, 150));
		assert.equal(blobWrites().length, writesAfterAbort, 'no upload goes on after the abort');
	});

	it('a failed job creation removes the code version and environment it registered, and the input files it uploaded', async () => {
		const code = await projectFolder();
		emulator.addFault({ kind: 'status', status: 400, method: 'PUT', path: '/jobs/', body: { error: { code: 'UserError', message: 'Quota exceeded for the cluster.' } }, times: 0 });
		await assert.rejects(submitCommandJob(workspace, specFor(code)), /Could not submit job ".+": Quota exceeded for the cluster/);
		assert.deepEqual(versions('codes'), []);
		assert.deepEqual(versions('environments'), []);
		assert.equal(state.jobs.size, 0);
		const deletes = emulator.requests().filter((r) => r.method === 'DELETE').map((r) => r.path.replace(/\/[^/]+\/versions\/.+$/, ''));
		assert.deepEqual(deletes.map((p) => p.split('/').pop()).sort(), ['codes', 'environments']);
	});

	it('archives a version the service refuses to delete, and names it as left behind', async () => {
		const code = await projectFolder();
		emulator.addFault({ kind: 'status', status: 400, method: 'PUT', path: '/jobs/', body: { error: { code: 'UserError', message: 'Quota exceeded for the cluster.' } }, times: 0 });
		emulator.addFault({ kind: 'status', status: 405, method: 'DELETE', path: '/codes/', body: { error: { code: 'MethodNotAllowed', message: 'Deleting code versions is not supported.' } }, times: 0 });
		await assert.rejects(submitCommandJob(workspace, specFor(code)), /Quota exceeded for the cluster\..* Left behind: code "[^"]+:1" archived, not deleted \(.*not supported.*\)\.$/);
		const codes = [...state.assets.codes.values()].flatMap((a) => [...a.versions.values()]);
		assert.equal(codes.length, 1);
		assert.equal(codes[0].properties.isArchived, true);
		assert.deepEqual(versions('environments'), [], 'the environment the service let us delete is gone');
	});

	it('a failed input upload removes the files it wrote and registers nothing', async () => {
		const code = await projectFolder();
		emulator.addFault({ kind: 'status', status: 403, method: 'PUT', path: '/LocalUpload/.+train-labels', body: '<?xml version="1.0"?><Error><Code>AuthorizationFailure</Code><Message>Denied.</Message></Error>', headers: { 'content-type': 'application/xml' }, times: 0 });
		await assert.rejects(submitCommandJob(workspace, specFor(code), { tuning: { blockSize: 64 * 1024, concurrency: 1 } }), /Denied|AuthorizationFailure|403/);
		assert.deepEqual(versions('codes'), []);
		assert.deepEqual(versions('environments'), []);
		const datastore = emulator.context.blobs.service.getContainerClient(String(state.datastores.get('workspaceblobstore')!.resource.properties.containerName));
		const left: string[] = [];
		for await (const blob of datastore.listBlobsFlat({ prefix: 'LocalUpload/' })) {
			left.push(blob.name);
		}
		assert.deepEqual(left, []);
	});

	it('asks before a folder of more than 2,000 files, naming the largest; declined, it sends nothing; accepted, it uploads', async () => {
		const code = await projectFolder();
		await mkdir(path.join(code, 'checkpoints'));
		for (let i = 0; i < 2001; i++) {
			await writeFile(path.join(code, 'checkpoints', `c${i}.txt`), 'x');
		}
		emulator.clearRequests();
		const asked: string[] = [];
		await assert.rejects(
			submitCommandJob(workspace, specFor(code), { confirmLargeSnapshot: (message) => (asked.push(message), Promise.resolve(false)) }),
			(error: Error) => error.name === 'AbortError',
		);
		assert.match(asked[0], /2005 files.*Largest: checkpoints\/ .* in 2001 files.*\.amlignore/);
		assert.deepEqual(emulator.requests(), []);
		// Accepted, it goes on to the upload (stopped there: 2,005 uploads would only test Azurite).
		emulator.addFault({ kind: 'status', status: 400, method: 'POST', path: '/startPendingUpload$', body: { error: { code: 'UserError', message: 'Upload reached.' } }, times: 0 });
		await assert.rejects(submitCommandJob(workspace, specFor(code), { confirmLargeSnapshot: () => Promise.resolve(true) }), /Upload reached/);
	});

	it('refuses bad names and unknown compute before uploading', async () => {
		const code = await projectFolder();
		emulator.clearRequests();
		await assert.rejects(submitCommandJob(workspace, specFor(code, { experimentName: 'bad experiment!' })), /"bad experiment!" is not a valid experiment name/);
		assert.deepEqual(emulator.requests(), []);
		await assert.rejects(submitCommandJob(workspace, specFor(code, { compute: { kind: 'cluster', name: 'no-such' } })), /Compute "no-such" does not exist/);
		assert.ok(!emulator.requests().some((r) => r.path.endsWith('/startPendingUpload')));
	});

	it('submits to serverless with a registered environment and a datastore path', async () => {
		const code = await projectFolder();
		const result = await submitCommandJob(
			workspace,
			specFor(code, {
				compute: { kind: 'serverless', instanceType: 'Standard_DS3_v2' },
				instanceCount: 1,
				distribution: undefined,
				environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33' },
				inputs: { data: { kind: 'uri', uri: 'azureml://datastores/workspaceblobstore/paths/mnist/', type: 'uri_folder', mode: 'download' } },
			}),
		);
		const job = state.jobs.get(result.jobName)!.resource.properties;
		assert.equal(job.computeId, null);
		assert.equal((job.resources as { instanceType: string }).instanceType, 'Standard_DS3_v2');
		assert.equal(job.environmentId, 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33');
		assert.deepEqual((job.inputs as Record<string, unknown>).data, { description: null, pathOnCompute: null, jobInputType: 'uri_folder', mode: 'Download', uri: 'azureml://datastores/workspaceblobstore/paths/mnist/' });
		assert.deepEqual(versions('environments'), []);
	});
});
