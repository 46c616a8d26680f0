import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalBackend } from '../../../../src/core/backends/local/localBackend';
import { localBackendFor } from '../../../../src/ui/local/localBackendResolver';

describe('local backend for a restored metrics panel', () => {
	const store = path.join(os.tmpdir(), 'azureml-explorer-resolver', 'mlruns');
	const backend = new LocalBackend(store);

	it('names the store folder, absolute, as its workspace', () => {
		assert.equal(backend.workspaceId, store);
		assert.equal(new LocalBackend('mlruns').workspaceId, path.resolve('mlruns'));
	});

	it('gives the current store\'s backend for its folder, however the folder is spelled', () => {
		assert.equal(localBackendFor({ backend }, store), backend);
		assert.equal(localBackendFor({ backend }, `${path.dirname(store)}${path.sep}.${path.sep}mlruns`), backend);
	});

	it('gives nothing for another folder, or when no folder is open', () => {
		assert.equal(localBackendFor({ backend }, path.join(os.tmpdir(), 'elsewhere')), undefined);
		assert.equal(localBackendFor({ backend: undefined }, store), undefined);
	});
});
