import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { openContainer } from '../../../../src/core/azure/blobs';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { createCodeVersion, findCodeByHash, getCodeVersion, startPendingUpload } from '../../../../src/core/backends/azure/codes';
import { createDataVersion, getDataVersion, listDataAssets, listDataVersions } from '../../../../src/core/backends/azure/dataAssets';
import { createEnvironmentVersion, getEnvironmentVersion, listEnvironments, listEnvironmentVersions } from '../../../../src/core/backends/azure/environments';
import { createModelVersion, getModelVersion, latestModelVersion, listModels, listModelVersions } from '../../../../src/core/backends/azure/models';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('assets: data, environments, models, code', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;

	before(async () => {
		emulator = await sharedEmulator();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
	});

	it('registers a uri_folder data asset and lists it', async () => {
		const created = await createDataVersion(workspace, 'mnist', '1', { dataType: 'uri_folder', dataUri: 'azureml://datastores/workspaceblobstore/paths/LocalUpload/abc/mnist', description: 'MNIST idx files' });
		assert.equal(created.name, '1');
		const props = (await getDataVersion(workspace, 'mnist', '1')).properties as { dataUri: string; dataType: string; description: string };
		assert.equal(props.dataType, 'uri_folder');
		assert.match(props.dataUri, /^azureml:\/\/subscriptions\/.+\/datastores\/workspaceblobstore\/paths\/LocalUpload\/abc\/mnist\/$/);
		assert.deepEqual(
			(await listDataAssets(workspace)).items.map((c) => c.name),
			['mnist'],
		);
		assert.deepEqual(
			(await listDataVersions(workspace, 'mnist')).items.map((v) => v.name),
			['1'],
		);
	});

	it('registers an environment from a conda file and a base image', async () => {
		const conda = 'channels:\n- conda-forge\ndependencies:\n- python=3.10\n- pip\n- pip:\n  - torch\nname: train\n';
		await createEnvironmentVersion(workspace, 'train-env', '1', { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04', condaFile: conda });
		const env = await getEnvironmentVersion(workspace, 'train-env', '1');
		assert.equal(env.properties.image, 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04');
		assert.deepEqual(JSON.parse(env.properties.condaFile ?? '{}'), { channels: ['conda-forge'], dependencies: ['python=3.10', 'pip', { pip: ['torch'] }], name: 'train' });
		assert.equal((env.properties as { osType?: string }).osType, 'Linux');
		assert.deepEqual(
			(await listEnvironments(workspace)).items.map((c) => c.name),
			['train-env'],
		);
		assert.equal((await listEnvironmentVersions(workspace, 'train-env')).items.length, 1);
	});

	it('reports a broken conda file as the service does', async () => {
		await assert.rejects(createEnvironmentVersion(workspace, 'bad-env', '1', { image: 'img', condaFile: 'dependencies: [unclosed' }), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.badRequest'));
			assert.match(error.message, /register environment "bad-env:1".*condaFile is not valid YAML/);
			return true;
		});
	});

	it('numbers model versions: none yet, then the newest', async () => {
		assert.equal(await latestModelVersion(workspace, 'lenet'), undefined);
		const spec = { modelType: 'custom_model' as const, modelUri: 'azureml://jobs/job-1/outputs/artifacts/paths/outputs/model.pt', jobName: 'job-1', properties: { val_accuracy: '0.98' } };
		await createModelVersion(workspace, 'lenet', '1', spec);
		await new Promise((r) => setTimeout(r, 5));
		await createModelVersion(workspace, 'lenet', '2', spec);
		assert.equal((await latestModelVersion(workspace, 'lenet'))?.name, '2');
		const model = await getModelVersion(workspace, 'lenet', '2');
		assert.equal(model.properties.modelUri, spec.modelUri);
		assert.deepEqual(model.properties.properties, { val_accuracy: '0.98' });
		assert.deepEqual(
			(await listModels(workspace)).items.map((m) => m.name),
			['lenet'],
		);
		assert.deepEqual(
			(await listModelVersions(workspace, 'lenet')).items.map((v) => v.name),
			['2', '1'],
		);
	});

	it('refuses to change a registered version but accepts the same one again', async () => {
		const spec = { modelType: 'custom_model' as const, modelUri: 'azureml://jobs/j/outputs/artifacts/paths/m' };
		await createModelVersion(workspace, 'fixed', '1', spec);
		await createModelVersion(workspace, 'fixed', '1', spec);
		await assert.rejects(createModelVersion(workspace, 'fixed', '1', { ...spec, modelUri: 'azureml://elsewhere' }), (e: unknown) => isAzureError(e, 'azure.conflict'));
	});

	it('uploads code once: by hash, startPendingUpload, blob upload, code version', async () => {
		const content = 'print("hello world")\n';
		const hash = createHash('sha256').update(content).digest('hex');
		assert.equal(await findCodeByHash(workspace, 'train-code', hash), undefined);
		const upload = await startPendingUpload(workspace, 'train-code', '1');
		assert.match(upload.sasUri, /[?&]sig=/);
		const container = openContainer(workspace.connection, { kind: 'sasUrl', url: upload.sasUri });
		const blob = container.getBlockBlobClient('src/train.py');
		assert.equal(await blob.exists(), false);
		await blob.upload(content, Buffer.byteLength(content), { conditions: { ifNoneMatch: '*' } });
		await blob.setMetadata({ name: 'train-code', version: '1', upload_status: 'completed' });
		await createCodeVersion(workspace, 'train-code', '1', { codeUri: `${upload.blobUri}/src`, hash });
		assert.equal((await getCodeVersion(workspace, 'train-code', '1')).properties.codeUri, `${upload.blobUri}/src`);
		const match = await findCodeByHash(workspace, 'another-name', hash);
		assert.deepEqual(match && { name: match.name, version: match.version }, { name: 'train-code', version: '1' });
		const raw = emulator.requests().filter((r) => /\/codes\/.*\/versions$|startPendingUpload$/.test(r.path));
		assert.ok(raw.every((r) => r.query['api-version'] === '2023-04-01'));
	});
});
