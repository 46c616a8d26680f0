import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { registerDockerEnvironment } from '../../../../src/core/environments/registerDockerEnvironment';
import { contentHashTag } from '../../../../src/core/environments/registerEnvironment';
import { dockerfileNameProblem } from '../../../../src/core/jobs/environmentFiles';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

interface BuildBody {
	properties: { build?: { contextUri: string; dockerfilePath: string }; image?: string; condaFile?: string; tags: Record<string, string> };
}

describe('register an environment from a Dockerfile (emulator + Azurite)', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let context: string;
	let dockerfile: string;

	const environmentPuts = () => emulator.requests().filter((r) => r.method === 'PUT' && /\/environments\/[^/]+\/versions\/[^/]+$/.test(r.path));
	const blobWrites = () => emulator.requests().filter((r) => r.method === 'PUT' && r.path.startsWith('/devstoreaccount1/') && r.query.comp !== 'metadata');

	beforeEach(async () => {
		emulator = await sharedEmulator();
		emulator.reset();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		context = path.join(await mkdtemp(path.join(tmpdir(), 'docker-env-')), 'trainer-image');
		await mkdir(path.join(context, 'scripts'), { recursive: true });
		dockerfile = path.join(context, 'Dockerfile');
		await writeFile(dockerfile, 'FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
		await writeFile(path.join(context, 'requirements.txt'), 'numpy\n');
		await writeFile(path.join(context, 'scripts', 'setup.sh'), 'echo ok\n');
		await writeFile(path.join(context, '.amlignore'), '*.log\n');
		await writeFile(path.join(context, 'build.log'), 'not part of the context\n');
	});

	afterEach(() => emulator.reset());

	it('uploads the folder as the build context and registers build.contextUri and dockerfilePath, as the CLI does', async () => {
		const result = await registerDockerEnvironment(workspace, { name: 'trainer', dockerfile, description: 'from a Dockerfile' });
		assert.deepEqual([result.name, result.version, result.reused], ['trainer', '1', false]);
		const written = blobWrites().map((w) => w.path);
		assert.ok(written.some((p) => /\/LocalUpload\/[0-9a-f]{32}\/trainer-image\/Dockerfile$/.test(p)), written.join('\n'));
		assert.ok(written.some((p) => p.endsWith('/trainer-image/scripts/setup.sh')));
		assert.ok(!written.some((p) => p.endsWith('build.log')), 'the ignore file is honoured');
		const [put] = environmentPuts();
		const { properties } = put.body as BuildBody;
		assert.match(properties.build!.contextUri, /^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/[^/]+\/LocalUpload\/[0-9a-f]{32}\/trainer-image\/$/);
		assert.equal(properties.build!.dockerfilePath, 'Dockerfile');
		assert.equal(properties.image, undefined, 'a build context comes without a base image');
		assert.equal(properties.condaFile, undefined);
		assert.match(properties.tags[contentHashTag], /^[0-9a-f]{32}$/);
		assert.equal(result.contextUri, properties.build!.contextUri);
		// Stored (and read back) as the service stores it.
		const stored = emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!.assets.environments.get('trainer')!.versions.get('1')!
			.properties as { build: unknown };
		assert.deepEqual(stored.build, properties.build);
	});

	it('reuses the version with the same context and Dockerfile without uploading; a changed file makes the next version', async () => {
		const first = await registerDockerEnvironment(workspace, { name: 'trainer', dockerfile });
		emulator.clearRequests();
		const again = await registerDockerEnvironment(workspace, { name: 'trainer', dockerfile });
		assert.deepEqual([again.version, again.reused, again.uploadedBytes], [first.version, true, 0]);
		assert.equal(environmentPuts().length + blobWrites().length, 0);

		await writeFile(path.join(context, 'requirements.txt'), 'numpy\nscipy\n');
		const changed = await registerDockerEnvironment(workspace, { name: 'trainer', dockerfile });
		assert.deepEqual([changed.version, changed.reused], ['2', false]);
		assert.notEqual(changed.contextUri, first.contextUri);
	});

	it('refuses a bad name or version, a file that is not a Dockerfile, an ignored Dockerfile and a taken version, before any request', async () => {
		emulator.clearRequests();
		await assert.rejects(registerDockerEnvironment(workspace, { name: 'bad name', dockerfile }), /not a valid environment name/);
		await assert.rejects(registerDockerEnvironment(workspace, { name: 'trainer', version: '-1', dockerfile }), /not a valid version/);
		await assert.rejects(registerDockerEnvironment(workspace, { name: 'trainer', dockerfile: path.join(context, 'requirements.txt') }), /requirements\.txt is not a Dockerfile/);
		await writeFile(path.join(context, '.amlignore'), 'Dockerfile\n');
		await assert.rejects(registerDockerEnvironment(workspace, { name: 'trainer', dockerfile }), /Dockerfile is left out of its build context by trainer-image's ignore file/);
		assert.deepEqual(emulator.requests(), []);

		await writeFile(path.join(context, '.amlignore'), '');
		await registerDockerEnvironment(workspace, { name: 'trainer', version: 'v1', dockerfile });
		await writeFile(path.join(context, 'requirements.txt'), 'pandas\n');
		emulator.clearRequests();
		await assert.rejects(registerDockerEnvironment(workspace, { name: 'trainer', version: 'v1', dockerfile }), /already has a version "v1" with other content/);
		assert.equal(blobWrites().length + environmentPuts().length, 0, 'nothing uploaded or registered');
	});

	it('registers nothing when cancelled during the upload', async () => {
		const controller = new AbortController();
		await assert.rejects(
			registerDockerEnvironment(workspace, { name: 'trainer', dockerfile }, { signal: controller.signal, onProgress: (p) => p.bytesDone !== undefined && controller.abort() }),
			(error: Error) => error.name === 'AbortError' || /abort/i.test(error.message),
		);
		assert.equal(environmentPuts().length, 0);
	});

	for (const [label, pathApi, folder] of [
		['win32', path.win32, 'C:\\work\\image'],
		['posix', path.posix, '/work/image'],
	] as const) {
		it(`recognises Dockerfile names in ${label} paths`, () => {
			for (const name of ['Dockerfile', 'dockerfile', 'Dockerfile.gpu', 'train.Dockerfile']) {
				assert.equal(dockerfileNameProblem(pathApi.join(folder, name), pathApi), undefined, name);
			}
			for (const name of ['requirements.txt', 'Dockerfile-old', 'mydockerfile']) {
				assert.match(String(dockerfileNameProblem(pathApi.join(folder, name), pathApi)), new RegExp(`^${name} is not a Dockerfile`), name);
			}
		});
	}
});

describe('the emulator refuses environment bodies the service refuses', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;

	beforeEach(async () => {
		emulator = await sharedEmulator();
		emulator.reset();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
	});
	afterEach(() => emulator.reset());

	it('a build context with a base image, without its trailing "/", or with a Dockerfile outside it', async () => {
		const put = (properties: Record<string, unknown>) =>
			workspace.arm.environmentVersions.createOrUpdate(workspace.ref.resourceGroup, workspace.ref.workspace, 'e', '1', { properties });
		// The reason is in the ARM error's details, as the service puts it.
		const refused = (pattern: RegExp) => (error: { statusCode?: number; response?: { bodyAsText?: string } }) => error.statusCode === 400 && pattern.test(error.response?.bodyAsText ?? '');
		const contextUri = 'https://acct.blob.core.windows.net/c/LocalUpload/abc/ctx/';
		await assert.rejects(put({ image: 'python:3.10', build: { contextUri } }), refused(/not both/));
		await assert.rejects(put({ build: { contextUri: contextUri.slice(0, -1) } }), refused(/ending in \\"\/\\"/));
		await assert.rejects(put({ build: { contextUri, dockerfilePath: '../Dockerfile' } }), refused(/inside it/));
		const created = await put({ build: { contextUri } });
		assert.deepEqual(created.properties.build, { contextUri, dockerfilePath: 'Dockerfile' }, 'the REST spec default');
	});
});
