import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CommandJobSpec } from '../../../../src/core/jobs/commandJobSpec';
import { findOutsideLinks, prepareSubmit } from '../../../../src/core/jobs/localChecks';
import { isInside, listSnapshotFiles, type OutsideLink } from '../../../../src/core/snapshot/fileList';
import { loadIgnoreRules } from '../../../../src/core/snapshot/ignoreRules';
import { objectHash } from '../../../../src/core/snapshot/objectHash';

describe('snapshot symbolic links', () => {
	let base: string;
	let root: string;
	let outside: string;
	beforeEach(() => {
		base = mkdtempSync(path.join(os.tmpdir(), 'links-'));
		root = path.join(base, 'project');
		outside = path.join(base, 'home-aws');
		mkdirSync(path.join(root, 'real'), { recursive: true });
		mkdirSync(outside);
		writeFileSync(path.join(root, 'train.py'), 'print(1)\n');
		writeFileSync(path.join(root, 'real', 'w.txt'), 'w');
		writeFileSync(path.join(outside, 'credentials'), 'secret');
		symlinkSync(path.join(root, 'real'), path.join(root, 'inside'));
		symlinkSync(outside, path.join(root, 'creds'));
		symlinkSync(path.join(base, 'missing'), path.join(root, 'dangling'));
	});
	afterEach(() => rmSync(base, { recursive: true, force: true }));

	async function list(followOutside?: boolean): Promise<{ files: string[]; links: OutsideLink[] }> {
		const links: OutsideLink[] = [];
		const files = await listSnapshotFiles(root, await loadIgnoreRules(root), undefined, { followOutside, onOutsideLink: (link) => links.push(link) });
		return { files: files.map((f) => f.relative), links };
	}

	it('follows links inside the folder, leaves out dangling ones and, by default, ones that lead outside', async () => {
		const { files, links } = await list();
		assert.deepEqual(files, ['inside/w.txt', 'real/w.txt', 'train.py']);
		assert.deepEqual(links, [{ relative: 'creds', target: outside }]);
	});

	it('follows a link outside the folder only when told to', async () => {
		assert.deepEqual((await list(true)).files, ['creds/credentials', 'inside/w.txt', 'real/w.txt', 'train.py']);
	});

	it('does not ask about a link the ignore file leaves out', async () => {
		writeFileSync(path.join(root, '.amlignore'), 'creds\n');
		assert.deepEqual(await findOutsideLinks(root), []);
	});

	it('hashes an input folder over the same files it uploads', async () => {
		const rules = await loadIgnoreRules(root);
		const without = await objectHash(root, rules);
		const withLink = await objectHash(root, rules, undefined, { followOutside: true });
		assert.notEqual(without, withLink);
		rmSync(path.join(root, 'creds'));
		assert.equal(await objectHash(root, rules), without);
	});

	it('asks before a submit includes what a link outside the folder points to', async () => {
		const spec: CommandJobSpec = {
			experimentName: 'links',
			code: root,
			command: 'python train.py',
			environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33' },
			compute: { kind: 'serverless' },
			instanceCount: 1,
			inputs: {},
		};
		const asked: string[] = [];
		const declined = await prepareSubmit(spec, undefined, (message) => (asked.push(message), Promise.resolve(false)));
		assert.match(asked[0], /^1 symbolic link points outside the folder: project\/creds → .*home-aws\. Include what they point to\?/);
		assert.ok(!declined.code.files.some((f) => f.relative.startsWith('creds/')));
		const agreed = await prepareSubmit(spec, undefined, () => Promise.resolve(true));
		assert.ok(agreed.code.files.some((f) => f.relative === 'creds/credentials'));
		assert.notEqual(agreed.code.hash, declined.code.hash);
		// Nobody to ask: left out.
		assert.equal((await prepareSubmit(spec)).code.hash, declined.code.hash);
	});

	it('tells inside from outside on Windows and POSIX paths', () => {
		assert.ok(isInside('C:\\proj', 'C:\\proj\\data\\x', path.win32));
		assert.ok(!isInside('C:\\proj', 'D:\\proj\\x', path.win32));
		assert.ok(!isInside('C:\\proj', 'C:\\project', path.win32));
		assert.ok(isInside('/proj', '/proj', path.posix));
		assert.ok(!isInside('/proj', '/home/u/.aws', path.posix));
		assert.ok(isInside('/proj', '/proj/..data', path.posix));
	});
});
