import * as assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { contentHashTag, registerEnvironment } from '../../../../src/core/environments/registerEnvironment';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

const image = 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest';

describe('register an environment (emulator)', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let folder: string;

	const environmentPuts = () => emulator.requests().filter((r) => r.method === 'PUT' && /\/environments\/[^/]+\/versions\/[^/]+$/.test(r.path));

	beforeEach(async () => {
		emulator = await sharedEmulator();
		emulator.reset();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		folder = await mkdtemp(path.join(tmpdir(), 'env-'));
		await writeFile(path.join(folder, 'requirements.txt'), 'torch==2.3.0\nnumpy\n');
		await writeFile(path.join(folder, 'conda.yml'), 'name: train\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n      - scikit-learn\n');
	});

	afterEach(() => emulator.reset());

	it('registers a requirements.txt as version 1, wrapped in a conda file and tagged with its content hash', async () => {
		const result = await registerEnvironment(workspace, { name: 'mnist-env', image, conda: { from: 'requirements', path: path.join(folder, 'requirements.txt'), python: '3.10' } });
		assert.deepEqual([result.name, result.version, result.reused], ['mnist-env', '1', false]);
		const [put] = environmentPuts();
		const properties = (put.body as { properties: { image: string; condaFile: string; tags: Record<string, string> } }).properties;
		assert.equal(properties.image, image);
		assert.match(properties.condaFile, /- torch==2\.3\.0/);
		assert.match(properties.tags[contentHashTag], /^[0-9a-f]{32}$/);
	});

	it('reuses a version with identical content instead of registering a duplicate, and registers changed content as the next version', async () => {
		const conda = { from: 'condaFile' as const, path: path.join(folder, 'conda.yml') };
		const first = await registerEnvironment(workspace, { name: 'sk-env', image, conda });
		emulator.clearRequests();
		const again = await registerEnvironment(workspace, { name: 'sk-env', image, conda });
		assert.deepEqual([again.version, again.reused, again.id], [first.version, true, first.id]);
		assert.equal(environmentPuts().length, 0);

		await writeFile(path.join(folder, 'conda.yml'), 'name: train\ndependencies:\n  - python=3.11\n');
		const changed = await registerEnvironment(workspace, { name: 'sk-env', image, conda });
		assert.deepEqual([changed.version, changed.reused], ['2', false]);
		// Another base image is other content too.
		const otherImage = await registerEnvironment(workspace, { name: 'sk-env', image: `${image}-gpu`, conda });
		assert.deepEqual([otherImage.version, otherImage.reused], ['3', false]);
	});

	it('refuses bad names, versions and files before any request, and a taken version', async () => {
		const conda = { from: 'requirements' as const, path: path.join(folder, 'requirements.txt'), python: '3.10' };
		emulator.clearRequests();
		await assert.rejects(registerEnvironment(workspace, { name: 'bad env', image, conda }), /not a valid environment name/);
		await assert.rejects(registerEnvironment(workspace, { name: 'ok-env', version: '-1', image, conda }), /not a valid version/);
		await writeFile(path.join(folder, 'bad.txt'), '-r other.txt\n');
		await assert.rejects(registerEnvironment(workspace, { name: 'ok-env', image, conda: { ...conda, path: path.join(folder, 'bad.txt') } }));
		assert.equal(emulator.requests().length, 0);
		await registerEnvironment(workspace, { name: 'ok-env', version: '7', image, conda });
		await writeFile(path.join(folder, 'requirements.txt'), 'pandas\n');
		await assert.rejects(registerEnvironment(workspace, { name: 'ok-env', version: '7', image, conda }), /already has a version "7" with other content/);
	});
});
