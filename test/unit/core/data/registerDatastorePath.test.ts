import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { getDataVersion } from '../../../../src/core/backends/azure/dataAssets';
import { datastorePathProblem, datastoreUri } from '../../../../src/core/data/datastorePaths';
import { registerDatastorePath } from '../../../../src/core/data/registerDatastorePath';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('Register Datastore Path', () => {
	describe('path rules', () => {
		it('accepts relative "/"-separated paths, a folder with or without its trailing "/"', () => {
			for (const ok of ['mnist', 'mnist/train', 'mnist/train/', 'LocalUpload/0a1b/data set (v2)/x.csv']) {
				assert.equal(datastorePathProblem(ok, 'uri_folder'), undefined, ok);
			}
			assert.equal(datastorePathProblem('mnist/train.csv', 'uri_file'), undefined);
		});

		it('refuses what is not a path inside the datastore, each with its rule', () => {
			assert.match(datastorePathProblem('', 'uri_folder')!, /Enter a path/);
			assert.match(datastorePathProblem('   ', 'uri_folder')!, /Enter a path/);
			assert.match(datastorePathProblem('/mnist', 'uri_folder')!, /without a leading "\/"/);
			assert.match(datastorePathProblem('azureml://datastores/x/paths/y', 'uri_folder')!, /not a URI/);
			assert.match(datastorePathProblem('https://acct.blob.core.windows.net/c/y', 'uri_folder')!, /not a URI/);
			assert.match(datastorePathProblem('mnist\\train', 'uri_folder')!, /Separate folders with "\/"/);
			assert.match(datastorePathProblem('a//b', 'uri_folder')!, /empty, "\." or "\.\." segments/);
			assert.match(datastorePathProblem('a/../b', 'uri_folder')!, /"\.\."/);
			assert.match(datastorePathProblem('a?sv=2020', 'uri_folder')!, /"\?", "#"/);
			assert.match(datastorePathProblem('a\nb', 'uri_folder')!, /control characters/);
			assert.match(datastorePathProblem('x'.repeat(1025), 'uri_folder')!, /at most 1024/);
			assert.match(datastorePathProblem('mnist/', 'uri_file')!, /cannot end with "\/"/);
		});

		it('keeps "/" separators whatever the local platform joins paths with', () => {
			// A path typed on Windows with path.win32 separators is refused, not silently rewritten.
			assert.ok(datastorePathProblem(path.win32.join('mnist', 'train'), 'uri_folder'));
			assert.equal(datastorePathProblem(path.posix.join('mnist', 'train'), 'uri_folder'), undefined);
		});

		it('builds the azureml:// URI the SDK registers: a folder ends with "/", a file does not', () => {
			assert.equal(datastoreUri('workspaceblobstore', 'mnist/train', 'uri_folder'), 'azureml://datastores/workspaceblobstore/paths/mnist/train/');
			assert.equal(datastoreUri('workspaceblobstore', 'mnist/train//', 'uri_folder'), 'azureml://datastores/workspaceblobstore/paths/mnist/train/');
			assert.equal(datastoreUri('blobs', ' rates/usd_twd.csv ', 'uri_file'), 'azureml://datastores/blobs/paths/rates/usd_twd.csv');
		});
	});

	describe('registration', () => {
		let emulator: AzureMlEmulator;
		let workspace: AzureWorkspace;

		before(async () => {
			emulator = await sharedEmulator();
		});

		beforeEach(async () => {
			workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		});

		afterEach(() => emulator.reset());

		it('registers the path as a data asset version and sends nothing to the storage account', async () => {
			emulator.clearRequests();
			const result = await registerDatastorePath(workspace, { datastore: 'workspaceblobstore', path: 'mnist/train', kind: 'uri_folder', name: 'mnist-train', version: '1', description: 'MNIST' });
			assert.equal(result.dataUri, 'azureml://datastores/workspaceblobstore/paths/mnist/train/');
			const put = emulator.requests().find((r) => r.method === 'PUT');
			assert.match(put?.path ?? '', /\/data\/mnist-train\/versions\/1$/);
			assert.equal((put?.body as { properties: { dataUri: string } }).properties.dataUri, 'azureml://datastores/workspaceblobstore/paths/mnist/train/');
			const got = await getDataVersion(workspace, 'mnist-train', '1');
			assert.equal(got.properties.dataType, 'uri_folder');
			// The service answers with the long form of the same URI (as in the dataset recording).
			assert.match(got.properties.dataUri, /^azureml:\/\/subscriptions\/.+\/datastores\/workspaceblobstore\/paths\/mnist\/train\/$/);
			assert.equal(got.properties.description, 'MNIST');
			assert.deepEqual(
				emulator.requests().filter((r) => r.path.startsWith('/devstoreaccount1') || r.path.includes('listSecrets')),
				[],
				'no upload and no storage credentials',
			);
		});

		it('refuses a bad path, name or version, and an existing version, before registering anything', async () => {
			emulator.clearRequests();
			const base = { datastore: 'workspaceblobstore', path: 'rates/usd_twd.csv', kind: 'uri_file' as const, name: 'usd-twd', version: '1' };
			await assert.rejects(registerDatastorePath(workspace, { ...base, path: '/rates' }), /without a leading "\/"/);
			await assert.rejects(registerDatastorePath(workspace, { ...base, path: 'rates/' }), /cannot end with "\/"/);
			await assert.rejects(registerDatastorePath(workspace, { ...base, name: 'bad name' }), /not a valid asset name/);
			await assert.rejects(registerDatastorePath(workspace, { ...base, version: '.1' }), /not a valid version/);
			assert.deepEqual(emulator.requests(), [], 'no request for bad input');
			await registerDatastorePath(workspace, base);
			emulator.clearRequests();
			await assert.rejects(registerDatastorePath(workspace, { ...base, path: 'rates/other.csv' }), /already has a version "1"/);
			assert.deepEqual(
				emulator.requests().filter((r) => r.method === 'PUT'),
				[],
			);
			assert.match((await getDataVersion(workspace, 'usd-twd', '1')).properties.dataUri, /\/datastores\/workspaceblobstore\/paths\/rates\/usd_twd\.csv$/);
		});
	});
});
