import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { snapshotContentHash } from '../../../../src/core/snapshot/contentHash';
import { listSnapshotFiles, type SnapshotFile } from '../../../../src/core/snapshot/fileList';
import { loadIgnoreRules } from '../../../../src/core/snapshot/ignoreRules';
import { objectHash } from '../../../../src/core/snapshot/objectHash';
import { preflightSnapshot } from '../../../../src/core/snapshot/preflight';

const recordings = path.join(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'azure-recordings');

interface Recording {
	Entries: { RequestMethod: string; RequestUri: string; RequestBody: unknown }[];
}

describe('snapshot', () => {
	let root: string;
	beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'snapshot-'))));
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	function write(relative: string, content: string | Buffer = relative): void {
		mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
		writeFileSync(path.join(root, relative), content);
	}

	async function relativeFiles(): Promise<string[]> {
		return (await listSnapshotFiles(root, await loadIgnoreRules(root))).map((f) => f.relative);
	}

	describe('content hash', () => {
		it('equals the hash_sha256 the Python SDK sent in the real code-upload recording', async () => {
			const recording = JSON.parse(readFileSync(path.join(recordings, 'code_asset__create_and_get_upload.json'), 'utf8')) as Recording;
			const query = new URL(recording.Entries.find((e) => e.RequestUri.includes('hash='))!.RequestUri).searchParams;
			const upload = recording.Entries.find((e) => e.RequestMethod === 'PUT' && e.RequestUri.includes('.blob.') && !e.RequestUri.includes('comp='))!;
			const blobName = decodeURIComponent(new URL(upload.RequestUri).pathname.split('/').pop()!);
			// The recorder stores request bodies base64-encoded.
			write(blobName, Buffer.from(String(upload.RequestBody), 'base64'));
			assert.equal(query.get('hashVersion'), '202208');
			assert.equal(await snapshotContentHash(await listSnapshotFiles(root, await loadIgnoreRules(root))), query.get('hash'));
		});

		it('depends on names, sizes and bytes, not on the order files were found', async () => {
			write('b.py', 'print(2)');
			write('A/c.txt', 'x');
			const files = await listSnapshotFiles(root, await loadIgnoreRules(root));
			const hash = await snapshotContentHash(files);
			assert.equal(await snapshotContentHash([...files].reverse()), hash);
			write('b.py', 'print(3)');
			assert.notEqual(await snapshotContentHash(await listSnapshotFiles(root, await loadIgnoreRules(root))), hash);
		});
	});

	describe('ignore rules', () => {
		it('use .gitignore with gitignore semantics: folders, negation, anchoring, **', async () => {
			write('.gitignore', 'data/\n*.log\n!keep.log\n/build\n**/cache/*.bin\n');
			for (const f of ['train.py', 'data/x.csv', 'a.log', 'keep.log', 'build/out.o', 'src/build/kept.o', 'src/cache/w.bin', 'src/cache/w.txt']) {
				write(f);
			}
			assert.deepEqual(await relativeFiles(), ['.gitignore', 'keep.log', 'src/build/kept.o', 'src/cache/w.txt', 'train.py']);
		});

		it('use .amlignore instead of .gitignore, never both', async () => {
			write('.gitignore', '*.py\n');
			write('.amlignore', 'outputs/\n');
			write('train.py');
			write('outputs/model.pkl');
			assert.deepEqual(await relativeFiles(), ['.amlignore', '.gitignore', 'train.py']);
		});

		it('can exclude extra paths (the local run store inside the folder)', async () => {
			write('train.py');
			write('mlruns/0/meta.yaml');
			const rules = await loadIgnoreRules(root, ['/mlruns/']);
			assert.deepEqual((await listSnapshotFiles(root, rules)).map((f) => f.relative), ['train.py']);
		});

		it('follow symlinked folders without looping forever', async () => {
			write('real/a.txt');
			symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
			symlinkSync(root, path.join(root, 'real', 'loop'));
			assert.deepEqual(await relativeFiles(), ['link/a.txt', 'real/a.txt']);
		});
	});

	describe('object hash (LocalUpload/<hash>)', () => {
		it('equals the Python SDK algorithm run on the same folder', async () => {
			write('.amlignore', 'skip.txt\n');
			write('Data/b.csv', '1,2\n');
			write('data2/a.csv', '3,4\n');
			write('skip.txt');
			write('readme.md', '# x');
			const python = `
import hashlib, os, sys
from pathlib import Path
skip = {'skip.txt'}
def walk(d, h):
    for p in sorted(Path(d).iterdir(), key=lambda p: str(p).lower()):
        if p.name in skip: continue
        h.update(p.name.encode())
        if p.is_file(): h.update(p.read_bytes())
        elif p.is_dir(): walk(p, h)
h = hashlib.md5(b"Initialize for october 2021 AML CLI version")
walk(sys.argv[1], h)
print(h.hexdigest())`;
			const expected = execFileSync('python3', ['-c', python, root], { encoding: 'utf8' }).trim();
			assert.equal(await objectHash(root, await loadIgnoreRules(root)), expected);
		});
	});

	describe('pre-flight', () => {
		const file = (relative: string, size: number): SnapshotFile => ({ path: `/x/${relative}`, relative, size });

		it('passes a small snapshot', () => {
			assert.deepEqual(preflightSnapshot([file('train.py', 2_000)], undefined), { verdict: 'ok', files: 1, bytes: 2_000 });
		});

		it('warns over 100 MB and names the largest entries', () => {
			const result = preflightSnapshot([file('train.py', 1_000), file('data/a.bin', 80_000_000), file('data/b.bin', 40_000_000)], '.gitignore');
			assert.equal(result.verdict, 'warn');
			assert.match(result.verdict === 'warn' ? result.message : '', /120 MB in 3 files.*Largest: data\/ 120 MB in 2 files, train\.py 0\.0 MB\. To leave them out, add them to \.gitignore/);
		});

		it('only warns, never refuses, over 300 MB or 2,000 files: the v2 code upload has no limit', () => {
			const big = preflightSnapshot([file('model.ckpt', 350_000_000), file('train.py', 10)], undefined);
			assert.equal(big.verdict, 'warn');
			assert.match(big.verdict === 'warn' ? big.message : '', /350 MB in 2 files.*Largest: model\.ckpt 350 MB.*\.amlignore/);
			const many = preflightSnapshot(
				Array.from({ length: 2_001 }, (_, i) => file(i < 1_990 ? `images/${i}.png` : `f${i}.py`, 10)),
				undefined,
			);
			assert.equal(many.verdict, 'warn');
			assert.match(many.verdict === 'warn' ? many.message : '', /2001 files.*Largest: images\/ 0\.0 MB in 1990 files/);
		});

		it('refuses an empty snapshot, saying the ignore file excluded everything', () => {
			const empty = preflightSnapshot([], '.amlignore');
			assert.match(empty.verdict === 'refuse' ? empty.message : '', /empty: every file is excluded by \.amlignore/);
		});
	});
});
