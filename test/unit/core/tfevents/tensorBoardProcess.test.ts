import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { PythonCommand, PythonProbe } from '../../../../src/core/backends/local/pythonFinder';
import { TensorBoardModuleProbe } from '../../../../src/core/tfevents/tensorBoardModule';
import { servingUrlOf, tensorBoardArgs } from '../../../../src/core/tfevents/tensorBoardProcess';

describe('tfevents: starting TensorBoard', () => {
	it('finds the URL in the line TensorBoard prints when it serves (program.py print_serving_message)', () => {
		assert.equal(servingUrlOf('TensorBoard 2.17.1 at http://127.0.0.1:41231/ (Press CTRL+C to quit)'), 'http://127.0.0.1:41231/');
		assert.equal(servingUrlOf('TensorBoard 2.17.1 at http://127.0.0.1:41231/ (Press CTRL+C to quit)\r'), 'http://127.0.0.1:41231/', 'a Windows line ending');
		assert.equal(servingUrlOf('TensorBoard 2.5.0a0 at http://[::1]:6006/prefix/ (Press CTRL+C to quit)'), 'http://[::1]:6006/prefix/');
		assert.equal(servingUrlOf('TensorBoard 2.17.1 at http://localhost:6006/'), 'http://localhost:6006/', 'without the quit hint');
		assert.equal(servingUrlOf('Serving TensorBoard on localhost; to expose to the network, use a proxy or pass --bind_all'), undefined);
		assert.equal(servingUrlOf('2026-12-06 W0000 TensorFlow installation not found - running with reduced feature set.'), undefined);
		assert.equal(servingUrlOf('NOTE: Using experimental fast data loading logic. To disable, pass "--load_fast=false"'), undefined);
	});

	it('passes the log folder as one argument, spaces and backslashes as they are, on 127.0.0.1 at a port the OS picks', () => {
		const windows: PythonCommand = { command: 'py', args: ['-3'] };
		const logdir = path.win32.join('C:\\Users\\Ana María\\AppData\\Roaming\\Code\\User\\globalStorage', 'tensorboard', 'ab12', 'job_1', 'logs');
		assert.deepEqual(tensorBoardArgs(windows, logdir), ['-3', '-m', 'tensorboard.main', '--logdir', 'C:\\Users\\Ana María\\AppData\\Roaming\\Code\\User\\globalStorage\\tensorboard\\ab12\\job_1\\logs', '--port', '0', '--host', '127.0.0.1']);
		const posix: PythonCommand = { command: '/home/me/.venv/bin/python', args: [] };
		assert.deepEqual(tensorBoardArgs(posix, path.posix.join('/home/me/my runs', 'mlruns', '1', 'r1', 'artifacts', 'logs')), [
			'-m',
			'tensorboard.main',
			'--logdir',
			'/home/me/my runs/mlruns/1/r1/artifacts/logs',
			'--port',
			'0',
			'--host',
			'127.0.0.1',
		]);
	});

	it('asks each interpreter once whether tensorboard imports, and again when PYTHONPATH differs', async () => {
		const asked: string[] = [];
		const probe: PythonProbe = (candidate, code) => {
			asked.push(candidate.command);
			assert.match(code, /find_spec\("tensorboard"\)/);
			return Promise.resolve({ exitCode: candidate.command === 'with-tb' ? 0 : 3, stdout: '' });
		};
		const modules = new TensorBoardModuleProbe(probe);
		const env = { PYTHONPATH: '' };
		assert.equal(await modules.isImportable({ command: 'with-tb', args: [] }, env), true);
		assert.equal(await modules.isImportable({ command: 'without', args: [] }, env), false);
		assert.equal(await modules.isImportable({ command: 'with-tb', args: [] }, env), true);
		assert.equal(await modules.isImportable({ command: 'without', args: [] }, env), false);
		assert.deepEqual(asked, ['with-tb', 'without']);
		await modules.isImportable({ command: 'without', args: [] }, { PYTHONPATH: '/tmp/fake' });
		assert.deepEqual(asked, ['with-tb', 'without', 'without']);
	});

	it('takes a Python that cannot be started as one without tensorboard', async () => {
		const modules = new TensorBoardModuleProbe(() => Promise.reject(new Error('spawn EACCES')));
		assert.equal(await modules.isImportable({ command: 'broken', args: [] }), false);
		const missing = new TensorBoardModuleProbe(() => Promise.resolve({ exitCode: null, stdout: '', errorCode: 'ENOENT' }));
		assert.equal(await missing.isImportable({ command: 'nowhere', args: [] }), false);
	});
});
