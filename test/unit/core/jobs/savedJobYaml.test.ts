import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isGeneratedJobYaml, jobYamlNames, saveGeneratedJobYaml } from '../../../../src/core/jobs/savedJobYaml';
import { snapshotContentHash } from '../../../../src/core/snapshot/contentHash';
import { listSnapshotFiles } from '../../../../src/core/snapshot/fileList';
import { loadIgnoreRules } from '../../../../src/core/snapshot/ignoreRules';

describe('the job YAML saved beside a script', () => {
	let root: string;
	let script: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(os.tmpdir(), 'job-yaml-'));
		script = path.join(root, 'train.py');
		writeFileSync(script, 'print(1)\n');
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const read = (name: string) => readFileSync(path.join(root, name), 'utf8');

	it('is written as <script>.job.yml with a marker line, and replaces its own earlier file', async () => {
		assert.equal(await saveGeneratedJobYaml(script, 'display_name: first\n'), path.join(root, 'train.job.yml'));
		assert.ok(isGeneratedJobYaml(read('train.job.yml')));
		assert.match(read('train.job.yml'), /^# Written by Azure ML Explorer.*\ndisplay_name: first\n$/);
		assert.equal(await saveGeneratedJobYaml(script, 'display_name: second\n'), path.join(root, 'train.job.yml'));
		assert.match(read('train.job.yml'), /display_name: second\n$/);
		assert.deepEqual(readdirSync(root).sort(), ['train.job.yml', 'train.py']);
	});

	it('never replaces a file the extension did not write: a hand-written one or an edited one', async () => {
		writeFileSync(path.join(root, 'train.job.yml'), 'command: mine\n');
		assert.equal(await saveGeneratedJobYaml(script, 'display_name: a\n'), path.join(root, 'train.2.job.yml'));
		assert.equal(read('train.job.yml'), 'command: mine\n');
		// Edited after we wrote it: the marker's hash no longer matches, so it is the user's now.
		writeFileSync(path.join(root, 'train.2.job.yml'), `${read('train.2.job.yml')}# my note\n`);
		assert.equal(await saveGeneratedJobYaml(script, 'display_name: b\n'), path.join(root, 'train.3.job.yml'));
		assert.match(read('train.2.job.yml'), /# my note\n$/);
	});

	it('never writes through a symlink, dangling or not', async () => {
		const target = path.join(root, 'elsewhere.txt');
		writeFileSync(target, 'precious\n');
		symlinkSync(target, path.join(root, 'train.job.yml'));
		symlinkSync(path.join(root, 'missing.txt'), path.join(root, 'train.2.job.yml'));
		assert.equal(await saveGeneratedJobYaml(script, 'display_name: a\n'), path.join(root, 'train.3.job.yml'));
		assert.equal(read('elsewhere.txt'), 'precious\n');
		assert.ok(!readdirSync(root).includes('missing.txt'));
	});

	it('leaves a busy file alone (open with unsaved changes) though it is ours', async () => {
		await saveGeneratedJobYaml(script, 'display_name: a\n');
		const busy = path.join(root, 'train.job.yml');
		assert.equal(await saveGeneratedJobYaml(script, 'display_name: b\n', { isBusy: (file) => file === busy }), path.join(root, 'train.2.job.yml'));
		assert.match(read('train.job.yml'), /display_name: a\n$/);
	});

	it('names the files beside the script on Windows and POSIX paths', () => {
		assert.deepEqual(jobYamlNames('C:\\proj\\src\\train.py', path.win32).slice(0, 2), ['C:\\proj\\src\\train.job.yml', 'C:\\proj\\src\\train.2.job.yml']);
		assert.deepEqual(jobYamlNames('/proj/src/train.py', path.posix).slice(0, 2), ['/proj/src/train.job.yml', '/proj/src/train.2.job.yml']);
	});

	it('stays out of the snapshot and its content hash while unedited, so other settings upload nothing', async () => {
		const snapshot = async () => listSnapshotFiles(root, await loadIgnoreRules(root));
		const before = await snapshotContentHash(await snapshot());
		await saveGeneratedJobYaml(script, 'display_name: first\ncompute: azureml:cpu-cluster\n');
		assert.deepEqual((await snapshot()).map((f) => f.relative), ['train.py']);
		await saveGeneratedJobYaml(script, 'display_name: second\ncommand: python train.py --epochs 9\n');
		assert.equal(await snapshotContentHash(await snapshot()), before);
		// Once edited it is the user's code, and goes up with the rest.
		writeFileSync(path.join(root, 'train.job.yml'), `${read('train.job.yml')}# mine now\n`);
		assert.deepEqual((await snapshot()).map((f) => f.relative), ['train.job.yml', 'train.py']);
	});
});
