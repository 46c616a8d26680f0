import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { downloadArtifacts, localPathOf } from '../../../../src/core/artifacts/downloadArtifacts';
import { artifactChildren, artifactsUnder, isMlflowModelFolder, normalizeArtifactPath, type RunArtifact } from '../../../../src/core/artifacts/runArtifacts';
import type { RangeReader } from '../../../../src/core/backends/types';

const artifacts: RunArtifact[] = [
	{ path: 'outputs/model/MLmodel' },
	{ path: 'outputs/model/weights.json' },
	{ path: 'outputs/metrics.json' },
	{ path: 'logs/train/events.out.tfevents.1.host.1.0.v2' },
	{ path: 'azureml-logs/70_driver_log.txt' },
	{ path: 'outputs-old/x.txt' },
];

/** Serves bytes in chunks of `chunk`, as ranged reads do. */
function memoryReader(bytes: Buffer, chunk: number, onRead?: (offset: number) => void): RangeReader {
	return {
		read(offset, signal) {
			signal?.throwIfAborted();
			onRead?.(offset);
			return Promise.resolve({ bytes: bytes.subarray(offset, offset + chunk), size: bytes.length });
		},
	};
}

describe('run artifacts', () => {
	it('lists a folder\'s direct children: subfolders, then files, by name', () => {
		assert.deepEqual(
			artifactChildren(artifacts, '').map((e) => `${e.kind} ${e.path}`),
			['folder azureml-logs', 'folder logs', 'folder outputs', 'folder outputs-old'],
		);
		assert.deepEqual(
			artifactChildren(artifacts, 'outputs').map((e) => `${e.kind} ${e.name}`),
			['folder model', 'file metrics.json'],
		);
		assert.deepEqual(artifactChildren(artifacts, 'nothing'), []);
	});

	it('takes the files under a folder without its namesakes (outputs-old is not under outputs)', () => {
		assert.deepEqual(
			artifactsUnder(artifacts, 'outputs').map((a) => a.path),
			['outputs/model/MLmodel', 'outputs/model/weights.json', 'outputs/metrics.json'],
		);
	});

	it('detects an MLflow model by an MLmodel file at the folder\'s top only', () => {
		assert.equal(isMlflowModelFolder(artifacts, 'outputs/model'), true);
		assert.equal(isMlflowModelFolder(artifacts, 'outputs'), false);
	});

	it('normalizes paths and refuses ".."', () => {
		assert.equal(normalizeArtifactPath('/outputs//model/'), 'outputs/model');
		assert.equal(normalizeArtifactPath('outputs\\model\\a.txt'), 'outputs/model/a.txt');
		assert.throws(() => normalizeArtifactPath('outputs/../../etc/passwd'), /may not contain "\.\."/);
	});

	it('places downloads inside the chosen folder on Windows and POSIX', () => {
		assert.equal(localPathOf('C:\\Users\\me\\dl', 'outputs/', 'outputs/model/MLmodel', (...p) => path.win32.join(...p)), 'C:\\Users\\me\\dl\\model\\MLmodel');
		assert.equal(localPathOf('/home/me/dl', 'outputs/', 'outputs/model/MLmodel', (...p) => path.posix.join(...p)), '/home/me/dl/model/MLmodel');
		assert.throws(() => localPathOf('/home/me/dl', '', 'outputs/../../x', (...p) => path.posix.join(...p)), /may not contain/);
	});

	describe('download', () => {
		let dir: string;
		beforeEach(async () => {
			dir = await mkdtemp(path.join(tmpdir(), 'artifacts-'));
		});
		afterEach(() => rm(dir, { recursive: true, force: true }));

		it('writes each file in ranged chunks and reports files and bytes', async () => {
			const content = new Map([
				['outputs/model/MLmodel', Buffer.from('flavors: {}\n')],
				['outputs/model/weights.json', Buffer.alloc(10_000, 7)],
			]);
			const offsets: number[] = [];
			const progress: number[] = [];
			const written = await downloadArtifacts(
				{
					artifacts: [...content.keys()].map((p) => ({ path: p })),
					stripPrefix: 'outputs/',
					destination: dir,
					reader: (a) => memoryReader(content.get(a.path) ?? Buffer.alloc(0), 4096, (o) => offsets.push(o)),
				},
				(p) => progress.push(p.bytes),
			);
			assert.deepEqual(written, [path.join(dir, 'model', 'MLmodel'), path.join(dir, 'model', 'weights.json')]);
			assert.deepEqual(await readFile(path.join(dir, 'model', 'weights.json')), content.get('outputs/model/weights.json'));
			assert.ok(offsets.includes(8192), 'read by offset in chunks');
			assert.equal(progress.at(-1), 10_012);
		});

		it('leaves no partial file when cancelled mid-file, and keeps the files already complete', async () => {
			const controller = new AbortController();
			const big = Buffer.alloc(20_000, 1);
			await assert.rejects(
				downloadArtifacts(
					{
						artifacts: [{ path: 'a.txt' }, { path: 'b.bin' }],
						stripPrefix: '',
						destination: dir,
						reader: (a) => memoryReader(a.path === 'a.txt' ? Buffer.from('done') : big, 4096, (offset) => offset >= 8192 && controller.abort()),
					},
					() => undefined,
					controller.signal,
				),
				/abort/i,
			);
			assert.deepEqual(await readdir(dir), ['a.txt']);
		});
	});
});
