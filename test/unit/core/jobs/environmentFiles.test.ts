import * as assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { condaSourceFor, condaText, environmentNameFor, environmentVersionFor, findEnvironmentFiles, wrapRequirements } from '../../../../src/core/jobs/environmentFiles';

describe('environment files beside a script', () => {
	it('wraps requirements.txt into a conda file with Python and pip', () => {
		const conda = wrapRequirements('# training\ntorch==2.3.0\n\nnumpy>=1.26  # arrays\n--extra-index-url https://download.pytorch.org/whl/cpu\n', '3.11');
		assert.deepEqual(parse(conda), {
			channels: ['conda-forge'],
			dependencies: ['python=3.11', 'pip', { pip: ['torch==2.3.0', 'numpy>=1.26', '--extra-index-url https://download.pytorch.org/whl/cpu'] }],
		});
	});

	it('refuses a requirements line that names another file, with its line number', () => {
		assert.throws(() => wrapRequirements('torch\n-r base.txt\n', '3.10', '/p/requirements.txt'), /requirements\.txt line 2: "-r base\.txt" refers to another file/);
	});

	it('finds the files, reads them, and checks a conda file before any request', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'envfiles-'));
		await writeFile(path.join(folder, 'requirements.txt'), 'pandas\n');
		await writeFile(path.join(folder, 'environment.yml'), 'name: x\ndependencies: [python=3.10]\n');
		await writeFile(path.join(folder, 'conda.yml'), 'name: broken\n');
		const found = await findEnvironmentFiles(folder);
		assert.deepEqual(found.map((f) => path.basename(f)), ['requirements.txt', 'conda.yml', 'environment.yml']);
		assert.deepEqual(condaSourceFor(found[0]), { from: 'requirements', path: found[0], python: '3.10' });
		assert.match(await condaText(condaSourceFor(found[0])), /- pandas/);
		assert.equal(await condaText(condaSourceFor(found[2])), 'name: x\ndependencies: [python=3.10]\n');
		await assert.rejects(condaText(condaSourceFor(found[1])), /conda\.yml is not a conda environment file: it needs a "dependencies:" list/);
		await assert.rejects(condaText({ from: 'condaFile', path: path.join(folder, 'nope.yml') }), /nope\.yml: it does not exist/);
	});

	it('versions an environment by its content: same files, same version', () => {
		const a = environmentVersionFor('img:1', 'dependencies: [pip]\n');
		assert.match(a, /^[0-9a-f]{32}$/);
		assert.equal(environmentVersionFor('img:1', 'dependencies: [pip]\r\n'), a);
		assert.notEqual(environmentVersionFor('img:2', 'dependencies: [pip]\n'), a);
		assert.notEqual(environmentVersionFor('img:1', 'dependencies: [pip, numpy]\n'), a);
		assert.equal(environmentNameFor('/work/My Project!'), 'My-Project--env');
	});
});
