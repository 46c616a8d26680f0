import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { localStorePath } from '../../../../src/ui/local/localStorePath';

describe('the Local store folder (azuremlExplorer.local.store)', () => {
	it("reads the setting with the workspace folder as its resource, so the folder's own value counts", () => {
		const folder = { fsPath: '/work/project', resource: 'folder-uri' };
		// As in a multi-root workspace: the value is set for the folder only, not for the window.
		const perFolder = (resource: string | undefined) => (resource === 'folder-uri' ? 'runs/local' : undefined);
		assert.equal(localStorePath(folder, perFolder, path.posix), '/work/project/runs/local');
	});

	it('puts a relative store inside the folder, on every platform', () => {
		assert.equal(localStorePath({ fsPath: '/home/me/proj', resource: 1 }, () => undefined, path.posix), '/home/me/proj/mlruns');
		assert.equal(localStorePath({ fsPath: 'C:\\Users\\me\\proj', resource: 1 }, () => 'store\\runs', path.win32), 'C:\\Users\\me\\proj\\store\\runs');
		assert.equal(localStorePath({ fsPath: 'C:\\Users\\me\\proj', resource: 1 }, () => '  ', path.win32), 'C:\\Users\\me\\proj\\mlruns');
	});

	it('keeps an absolute store as it is, with or without a folder', () => {
		assert.equal(localStorePath({ fsPath: '/home/me/proj', resource: 1 }, () => '/data/mlruns', path.posix), '/data/mlruns');
		assert.equal(localStorePath(undefined, () => 'D:\\mlruns', path.win32), 'D:\\mlruns');
	});

	it('has no store for a relative path when no folder is open', () => {
		assert.equal(localStorePath(undefined, () => 'mlruns', path.posix), undefined);
		assert.equal(localStorePath(undefined, () => undefined, path.win32), undefined);
	});
});
