import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Pipeline } from '@azure/core-rest-pipeline';
import { openContainer } from '../../../../src/core/azure/blobs';
import { uploadFiles, type UploadItem } from '../../../../src/core/snapshot/blobUpload';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('parallel blob upload with bounded memory', () => {
	let emulator: AzureMlEmulator;
	let folder: string;
	let counter = 0;

	before(async () => {
		emulator = await sharedEmulator();
		folder = await mkdtemp(path.join(tmpdir(), 'upload-'));
	});

	afterEach(() => emulator.reset());

	async function freshContainer() {
		const name = `upload-test-${process.pid}-${++counter}`;
		await emulator.context.blobs.ensureContainer(name);
		return { name, client: openContainer(connectTo(emulator).connection, { kind: 'sasUrl', url: emulator.context.blobs.containerUrl(name, 3_600_000) }) };
	}

	async function file(name: string, size: number): Promise<UploadItem & { bytes: Buffer }> {
		const bytes = randomBytes(size);
		await writeFile(path.join(folder, name), bytes);
		return { path: path.join(folder, name), blobName: `src/${name}`, size, bytes };
	}

	it('sends small files whole and big ones in blocks, byte for byte, create-only', async () => {
		const items = [await file('small.bin', 1000), await file('exact.bin', 64 * 1024), await file('mid.bin', 100_000), await file('big.bin', 300_000), await file('empty.bin', 0)];
		const { name, client } = await freshContainer();
		let bytes = 0;
		const written: string[] = [];
		await uploadFiles(client, items, { tuning: { blockSize: 64 * 1024, concurrency: 3, singleShotMax: 128 * 1024 }, createOnly: true, onBytes: (n) => (bytes += n), onBlobWriting: (b) => written.push(b) });
		assert.equal(bytes, 1000 + 64 * 1024 + 100_000 + 300_000);
		assert.deepEqual(written.sort(), ['src/big.bin', 'src/empty.bin', 'src/exact.bin', 'src/mid.bin', 'src/small.bin']);
		const check = emulator.context.blobs.service.getContainerClient(name);
		for (const item of items) {
			assert.ok((await check.getBlockBlobClient(item.blobName).downloadToBuffer()).equals(item.bytes), item.blobName);
		}
		const requests = emulator.requests().filter((r) => r.method === 'PUT' && r.path.includes('/big.bin'));
		assert.equal(requests.filter((r) => r.query.comp === 'block').length, 5);
		assert.equal(requests.filter((r) => r.query.comp === 'blocklist' && r.headers['if-none-match'] === '*').length, 1);
		const mid = emulator.requests().filter((r) => r.method === 'PUT' && r.path.includes('/mid.bin'));
		assert.deepEqual(mid.map((r) => [r.query.comp, r.headers['if-none-match'], r.body]), [[undefined, '*', '<100000 bytes>']]);
	});

	it('never has more requests in flight than the concurrency allows', async () => {
		const items = [...(await Promise.all(Array.from({ length: 12 }, (_, i) => file(`f${i}.bin`, 20_000)))), await file('streamed.bin', 50_000), await file('blocks.bin', 200_000)];
		const { client } = await freshContainer();
		emulator.addFault({ kind: 'latency', latencyMs: 30, method: 'PUT', path: '^/devstoreaccount1/upload-test', times: 0 });
		let inFlight = 0;
		let peak = 0;
		(client as unknown as { storageClientContext: { pipeline: Pipeline } }).storageClientContext.pipeline.addPolicy({
			name: 'countInFlight',
			async sendRequest(request, next) {
				peak = Math.max(peak, ++inFlight);
				try {
					return await next(request);
				} finally {
					inFlight--;
				}
			},
		});
		await uploadFiles(client, items, { tuning: { blockSize: 32 * 1024, concurrency: 3, singleShotMax: 64 * 1024 } });
		assert.equal(peak, 3);
	});

	it('survives a connection reset (the retried create finds its own blob) and stops at the first real failure', async () => {
		const items = [await file('a.bin', 5000), await file('b.bin', 5000)];
		const { name, client } = await freshContainer();
		emulator.addFault({ kind: 'reset', method: 'PUT', path: '/a\\.bin$', times: 1 });
		await uploadFiles(client, items, { createOnly: true });
		assert.ok((await emulator.context.blobs.service.getContainerClient(name).getBlockBlobClient('src/a.bin').downloadToBuffer()).equals(items[0].bytes));

		const again = await freshContainer();
		emulator.addFault({ kind: 'status', status: 403, method: 'PUT', path: '/b\\.bin$', times: 0 });
		await assert.rejects(uploadFiles(again.client, items, { createOnly: true }), (error: { statusCode?: number }) => error.statusCode === 403);
	});

	it('stops at once when cancelled', async () => {
		const items = await Promise.all(Array.from({ length: 10 }, (_, i) => file(`c${i}.bin`, 10_000)));
		const { client } = await freshContainer();
		// Each upload is held long enough that none finishes before the abort, which comes as soon as
		// the first one reached the service (a condition, not a timer: the event loop sees the request
		// recorded well before the held answer is due).
		emulator.addFault({ kind: 'latency', latencyMs: 500, method: 'PUT', path: '^/devstoreaccount1/upload-test', times: 0 });
		const sent = () => emulator.requests().filter((r) => r.method === 'PUT' && r.path.includes('/c')).length;
		const controller = new AbortController();
		const abortOnFirstRequest = () => (sent() > 0 ? controller.abort() : setImmediate(abortOnFirstRequest));
		setImmediate(abortOnFirstRequest);
		await assert.rejects(uploadFiles(client, items, { tuning: { blockSize: 16 * 1024, concurrency: 2 }, signal: controller.signal }), (error: Error) => error.name === 'AbortError');
		assert.ok(sent() <= 2, `${sent()} files were sent, more than the 2 in flight when it was cancelled`);
	});
});
