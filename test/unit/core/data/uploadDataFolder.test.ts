import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { uploadDataFolder } from '../../../../src/core/data/uploadDataFolder';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import type { WorkspaceState } from '../../../emulator/state';

async function dataFolder(): Promise<string> {
	const root = await mkdtemp(path.join(tmpdir(), 'data-asset-'));
	const folder = path.join(root, 'mnist-data');
	await mkdir(path.join(folder, 'raw'), { recursive: true });
	await writeFile(path.join(folder, 'train-images.idx3-ubyte'), randomBytes(200_000));
	await writeFile(path.join(folder, 'raw', 'labels.csv'), 'id,label\n1,7\n');
	await writeFile(path.join(folder, '.amlignore'), '*.tmp\n');
	await writeFile(path.join(folder, 'scratch.tmp'), randomBytes(50_000));
	return folder;
}

describe('upload a folder as a data asset (emulator + Azurite)', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let state: WorkspaceState;

	const versionsOf = (name: string) => [...(state.assets.data.get(name)?.versions.keys() ?? [])];
	const blobWrites = () => emulator.requests().filter((r) => r.method === 'PUT' && r.path.startsWith('/devstoreaccount1/') && r.query.comp !== 'metadata');

	beforeEach(async () => {
		emulator = await sharedEmulator();
		emulator.reset();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		state = emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!;
	});

	afterEach(() => emulator.reset());

	it('uploads to the default datastore as the SDK lays it out and registers a uri_folder; unchanged, it sends 0 bytes', async () => {
		const folder = await dataFolder();
		const first = await uploadDataFolder(workspace, { folder, name: 'mnist', version: '1', description: 'MNIST' });
		assert.equal(first.uploadedBytes, 200_000 + 'id,label\n1,7\n'.length + '*.tmp\n'.length, 'ignored files stay home');
		assert.match(first.dataUri, /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/mnist-data\/$/);
		assert.deepEqual(versionsOf('mnist'), ['1']);
		const registered = state.assets.data.get('mnist')!.versions.get('1')!.properties as { dataType: string; description: string };
		assert.equal(registered.dataType, 'uri_folder');
		assert.equal(registered.description, 'MNIST');

		emulator.clearRequests();
		const second = await uploadDataFolder(workspace, { folder, name: 'mnist', version: '2' });
		assert.equal(second.uploadedBytes, 0);
		assert.equal(blobWrites().length, 0);
		assert.equal(second.dataUri, first.dataUri);
		assert.deepEqual(versionsOf('mnist').sort(), ['1', '2']);
	});

	it('refuses bad names, bad and existing versions before uploading anything', async () => {
		const folder = await dataFolder();
		emulator.clearRequests();
		await assert.rejects(uploadDataFolder(workspace, { folder, name: 'bad name', version: '1' }), /not a valid asset name/);
		await assert.rejects(uploadDataFolder(workspace, { folder, name: 'ok', version: '.1' }), /not a valid version/);
		assert.equal(emulator.requests().length, 0);
		await uploadDataFolder(workspace, { folder, name: 'ok', version: '1' });
		emulator.clearRequests();
		await assert.rejects(uploadDataFolder(workspace, { folder, name: 'ok', version: '1' }), /already has a version "1"/);
		assert.equal(blobWrites().length, 0);
	});

	it('cancelled during the upload, registers nothing and removes what it wrote', async () => {
		const folder = await dataFolder();
		const controller = new AbortController();
		await assert.rejects(
			uploadDataFolder(workspace, { folder, name: 'cancelled', version: '1' }, { signal: controller.signal, onProgress: (p) => p.bytesDone !== undefined && controller.abort() }),
			(e: Error) => e.name === 'AbortError',
		);
		assert.deepEqual(versionsOf('cancelled'), []);
		// The next upload of the same folder finds nothing complete and sends everything again.
		const again = await uploadDataFolder(workspace, { folder, name: 'cancelled', version: '1' });
		assert.ok(again.uploadedBytes > 0);
	});
});
