import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cachePathOf, downloadEventFiles, mustRestart, resumeOffset } from '../../../../src/core/tfevents/eventFileDownload';
import { eventFileChunkBytes } from '../../../../src/core/tfevents/EventFileTail';
import { fixture, GrowingFile } from './eventBytes';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('tfevents: incremental download of a run\'s event files for TensorBoard', () => {
	describe('decisions', () => {
		it('resumes where the local copy ends only when the copy is known, else starts at 0', () => {
			assert.equal(resumeOffset(undefined, undefined), 0);
			assert.equal(resumeOffset(undefined, 500), 0, 'a file the manifest does not know is fetched whole');
			assert.equal(resumeOffset({ generation: 'g1' }, undefined), 0, 'a known file deleted locally is fetched whole');
			assert.equal(resumeOffset({ generation: 'g1' }, 500), 500);
		});

		it('starts over when the source was replaced or shrank, not when it grew or stayed', () => {
			const cached = { generation: 'g1' };
			assert.equal(mustRestart({ bytes: new Uint8Array(0), size: 500, generation: 'g1' }, cached, 500), false, 'unchanged: an empty read at the end');
			assert.equal(mustRestart({ bytes: new Uint8Array(10), size: 510, generation: 'g1' }, cached, 500), false, 'appended');
			assert.equal(mustRestart({ bytes: new Uint8Array(0), size: 500, generation: 'g2' }, cached, 500), true, 'replaced (another creation time)');
			assert.equal(mustRestart({ bytes: new Uint8Array(0), size: 300 }, cached, 500), true, 'shrank below the copy');
			assert.equal(mustRestart({ bytes: new Uint8Array(0), size: 300, generation: 'g2' }, cached, 0), false, 'nothing held yet');
		});

		it('maps artifact names into the cache with each platform\'s separators', () => {
			assert.equal(cachePathOf('C:\\Users\\me\\cache\\run1', 'logs/train/events.out.tfevents.1.h', path.win32), 'C:\\Users\\me\\cache\\run1\\logs\\train\\events.out.tfevents.1.h');
			assert.equal(cachePathOf('/home/me/cache/run1', 'logs/train/events.out.tfevents.1.h', path.posix), '/home/me/cache/run1/logs/train/events.out.tfevents.1.h');
		});

		it('refuses names that would leave the cache or that Windows cannot store, naming the rule', () => {
			for (const name of ['logs/../../secret', '../logs/x', 'logs//x', 'logs/./x', 'logs/a\\..\\..\\x', 'logs/C:x', '/etc/passwd']) {
				for (const api of [path.win32, path.posix]) {
					assert.throws(() => cachePathOf(api === path.win32 ? 'C:\\cache' : '/cache', name, api), /must be non-empty, not "\." or "\.\."/, name);
				}
			}
		});
	});

	describe('on disk', () => {
		let root: string;
		beforeEach(async () => {
			root = await mkdtemp(path.join(tmpdir(), 'tb-cache-'));
		});
		afterEach(async () => {
			await rm(root, { recursive: true, force: true });
		});

		const read = (name: string): Promise<Buffer> => readFile(cachePathOf(root, name));

		it('fetches every file once, then only the bytes appended since, and nothing for an unchanged file', async () => {
			const keras = fixture('tensorboard-reducer', 'strict', 'run_1', 'events.out.tfevents.1622543341.janoshs-mbp.lan.86862.0');
			const train = new GrowingFile(keras.subarray(0, 1000));
			const validation = new GrowingFile(keras);
			const files = [
				{ name: 'logs/train/events.out.tfevents.1.h', reader: train },
				{ name: 'logs/validation/events.out.tfevents.1.h', reader: validation },
			];
			const first = await downloadEventFiles(files, root);
			assert.deepEqual(first, { files: 2, changed: 2, bytesRead: 1000 + keras.length, restarted: 0 });
			assert.deepEqual(await read('logs/validation/events.out.tfevents.1.h'), Buffer.from(keras));

			train.append(keras.subarray(1000));
			train.requests.length = 0;
			validation.requests.length = 0;
			const second = await downloadEventFiles(files, root);
			assert.deepEqual(second, { files: 2, changed: 1, bytesRead: keras.length - 1000, restarted: 0 });
			assert.deepEqual(train.requests.map((r) => r.offset), [1000], 'one ranged read from where the copy ended');
			assert.deepEqual(validation.requests.map((r) => r.offset), [keras.length], 'one empty read at the end');
			assert.deepEqual(await read('logs/train/events.out.tfevents.1.h'), Buffer.from(keras));
		});

		it('writes a replaced or shrunk file again from its start', async () => {
			const file = new GrowingFile(bytes('first generation, long enough'));
			const files = [{ name: 'logs/events.out.tfevents.1.h', reader: file }];
			await downloadEventFiles(files, root);
			file.data = bytes('new one');
			file.generation = 'g2';
			assert.equal((await downloadEventFiles(files, root)).restarted, 1);
			assert.equal((await read('logs/events.out.tfevents.1.h')).toString(), 'new one');
			file.data = bytes('new');
			assert.equal((await downloadEventFiles(files, root)).restarted, 1, 'shrank with the same generation');
			assert.equal((await read('logs/events.out.tfevents.1.h')).toString(), 'new');
		});

		it('resumes a copy cut off halfway from the bytes it holds, and fetches whole a file it has no record of', async () => {
			const file = new GrowingFile(bytes('0123456789'));
			const files = [{ name: 'logs/events.out.tfevents.1.h', reader: file }];
			await downloadEventFiles(files, root);
			await writeFile(cachePathOf(root, files[0].name), '01234');
			file.requests.length = 0;
			await downloadEventFiles(files, root);
			assert.deepEqual(file.requests.map((r) => r.offset), [5]);
			assert.equal((await read(files[0].name)).toString(), '0123456789');

			await rm(path.join(root, '.azureml-download.json'));
			await writeFile(cachePathOf(root, files[0].name), 'stale bytes of unknown origin');
			file.requests.length = 0;
			await downloadEventFiles(files, root);
			assert.deepEqual(file.requests.map((r) => r.offset), [0]);
			assert.equal((await read(files[0].name)).toString(), '0123456789');
		});

		it('reads a large file in bounded chunks and removes files no longer listed', async () => {
			const big = new Uint8Array(eventFileChunkBytes * 2 + 123).map((_, i) => i % 251);
			const file = new GrowingFile(big);
			const old = new GrowingFile(bytes('old'));
			await downloadEventFiles([{ name: 'logs/big/events.out.tfevents.1.h', reader: file }, { name: 'logs/old/events.out.tfevents.1.h', reader: old }], root);
			assert.ok(file.requests.every((r) => r.maxBytes === eventFileChunkBytes));
			assert.equal(file.requests.length, 3);
			assert.deepEqual(await read('logs/big/events.out.tfevents.1.h'), Buffer.from(big));
			await downloadEventFiles([{ name: 'logs/big/events.out.tfevents.1.h', reader: file }], root);
			assert.deepEqual(await readdir(path.join(root, 'logs', 'old')), []);
		});
	});
});
