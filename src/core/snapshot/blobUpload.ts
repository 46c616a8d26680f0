import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';

export interface UploadItem {
	/** Absolute path on disk. */
	readonly path: string;
	readonly blobName: string;
	readonly size: number;
}

export interface UploadTuning {
	/** A file up to this size is read whole into a pooled buffer; a file over singleShotMax goes in blocks of it. */
	readonly blockSize: number;
	/** Requests in flight at once. Buffers held are at most blockSize × concurrency. */
	readonly concurrency: number;
	/**
	 * A file up to this size goes up in one Put Blob streamed from disk (no buffer; the storage
	 * SDK's own single-shot limit is 256 MB). Bigger files are staged as blocks and committed.
	 */
	readonly singleShotMax: number;
}

/** 8 MiB × 4: 32 MiB of buffers at most, whatever the snapshot's size. */
export const defaultUploadTuning: UploadTuning = { blockSize: 8 * 1024 * 1024, concurrency: 4, singleShotMax: 64 * 1024 * 1024 };

export interface UploadOptions {
	readonly tuning?: Partial<UploadTuning>;
	/**
	 * Create only (`If-None-Match: *`): for a fresh container that only this upload writes, where
	 * an existing blob means a retried request had already succeeded.
	 */
	readonly createOnly?: boolean;
	readonly signal?: AbortSignal;
	/** Called as each request completes, with the bytes it carried. */
	readonly onBytes?: (bytes: number) => void;
	/**
	 * Called as a blob's create (Put Blob or commit) is sent: after a failure or abort, these are
	 * the blobs that may exist, whether or not their answer arrived.
	 */
	readonly onBlobWriting?: (blobName: string) => void;
}

/**
 * Uploads files to a container in parallel with bounded memory, so a 300 MB snapshot never sits in
 * memory: at most `concurrency` requests, each holding at most one `blockSize` buffer. Small files
 * are read whole into a pooled buffer, mid-size ones streamed from disk in one Put Blob (one
 * request each: the fast path on Azure and on Azurite), and only files over `singleShotMax` are
 * staged as blocks and committed. The first failure aborts everything in flight.
 */
export async function uploadFiles(container: ContainerClient, items: readonly UploadItem[], options: UploadOptions = {}): Promise<void> {
	const { blockSize, concurrency, singleShotMax } = { ...defaultUploadTuning, ...options.tuning };
	const internal = new AbortController();
	const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
	const pool = new BufferPool(blockSize, concurrency);
	const inFlight = new Set<Promise<void>>();
	let failure: unknown;
	const conditions = options.createOnly ? { ifNoneMatch: '*' } : undefined;

	const track = (work: Promise<void>, slot: Slot) => {
		const done = work.then(
			() => undefined,
			(error: unknown) => {
				failure ??= error;
				internal.abort(error);
			},
		);
		const settled = done.finally(() => {
			pool.release(slot);
			inFlight.delete(settled);
		});
		inFlight.add(settled);
	};

	try {
		for (const item of items) {
			if (failure !== undefined || signal.aborted) {
				break;
			}
			const blob = container.getBlockBlobClient(item.blobName);
			if (item.size <= blockSize) {
				const slot = await pool.acquire(signal);
				const buffer = pool.bufferOf(slot);
				const body = buffer.subarray(0, await readChunk(item.path, buffer, 0, item.size));
				options.onBlobWriting?.(item.blobName);
				track(
					putWhole(blob, body, body.length, conditions, signal).then(() => options.onBytes?.(body.length)),
					slot,
				);
				continue;
			}
			if (item.size <= singleShotMax) {
				// Streamed from disk: one request, no buffer; a retry opens the file again.
				const slot = await pool.acquire(signal);
				options.onBlobWriting?.(item.blobName);
				track(
					putWhole(blob, () => createReadStream(item.path, { highWaterMark: 1024 * 1024 }), item.size, conditions, signal).then(() => options.onBytes?.(item.size)),
					slot,
				);
				continue;
			}
			// A big file: stage its blocks through the same pool, commit once all are in.
			const prefix = randomBytes(6).toString('hex');
			const ids: string[] = [];
			const staged: Promise<void>[] = [];
			for (let offset = 0, index = 0; offset < item.size; offset += blockSize, index++) {
				const slot = await pool.acquire(signal);
				if (failure !== undefined) {
					pool.release(slot);
					break;
				}
				const buffer = pool.bufferOf(slot);
				const body = buffer.subarray(0, await readChunk(item.path, buffer, offset, Math.min(blockSize, item.size - offset)));
				const id = Buffer.from(`${prefix}-${String(index).padStart(6, '0')}`).toString('base64');
				ids.push(id);
				const stage = blob.stageBlock(id, body, body.length, { abortSignal: signal }).then(() => options.onBytes?.(body.length));
				staged.push(stage);
				track(stage, slot);
			}
			const commit = Promise.all(staged).then(() => {
				options.onBlobWriting?.(item.blobName);
				return commitBlocks(blob, ids, item.size, conditions, signal);
			});
			// The commit holds no buffer; it is tracked so the upload waits for it.
			const settled = commit.then(
				() => undefined,
				(error: unknown) => {
					failure ??= error;
					internal.abort(error);
				},
			);
			inFlight.add(settled);
			void settled.finally(() => inFlight.delete(settled));
		}
	} catch (error) {
		failure ??= error;
		internal.abort(error);
	}
	while (inFlight.size > 0) {
		await Promise.all([...inFlight]);
	}
	if (options.signal?.aborted) {
		throw abortReason(options.signal);
	}
	if (failure !== undefined) {
		throw failure instanceof Error ? failure : new Error(`Upload failed: ${JSON.stringify(failure)}`);
	}
}

async function putWhole(
	blob: BlockBlobClient,
	body: Buffer | (() => NodeJS.ReadableStream),
	size: number,
	conditions: { ifNoneMatch: string } | undefined,
	signal: AbortSignal,
): Promise<void> {
	try {
		await blob.upload(body, size, { conditions, abortSignal: signal });
	} catch (error) {
		if (!(await retriedCreate(error, blob, size, conditions))) {
			throw error;
		}
	}
}

async function commitBlocks(blob: BlockBlobClient, ids: string[], size: number, conditions: { ifNoneMatch: string } | undefined, signal: AbortSignal): Promise<void> {
	try {
		await blob.commitBlockList(ids, { conditions, abortSignal: signal });
	} catch (error) {
		if (!(await retriedCreate(error, blob, size, conditions))) {
			throw error;
		}
	}
}

/**
 * A create-only write answered 409 `BlobAlreadyExists`: in a container only this upload writes,
 * that is a retry of a request whose answer was lost. It counts as done if the blob has our size.
 */
async function retriedCreate(error: unknown, blob: BlockBlobClient, size: number, conditions: { ifNoneMatch: string } | undefined): Promise<boolean> {
	const e = error as { statusCode?: number; code?: string };
	if (!conditions || e.statusCode !== 409 || e.code !== 'BlobAlreadyExists') {
		return false;
	}
	return (await blob.getProperties()).contentLength === size;
}

async function readChunk(file: string, buffer: Buffer, offset: number, length: number): Promise<number> {
	const handle = await open(file, 'r');
	try {
		let read = 0;
		while (read < length) {
			const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
			if (bytesRead === 0) {
				throw new Error(`${file} changed while it was being uploaded (it is shorter than when the snapshot was taken); submit again.`);
			}
			read += bytesRead;
		}
		return read;
	} finally {
		await handle.close();
	}
}

function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
}

interface Slot {
	buffer?: Buffer;
}

/**
 * `count` request slots, each with a buffer of `size` made on first use (a streamed upload holds a
 * slot but no buffer); acquiring waits for a release.
 */
class BufferPool {
	private readonly free: Slot[] = [];
	private readonly waiting: ((slot: Slot) => void)[] = [];
	private created = 0;

	constructor(
		private readonly size: number,
		private readonly count: number,
	) {}

	bufferOf(slot: Slot): Buffer {
		return (slot.buffer ??= Buffer.allocUnsafe(this.size));
	}

	acquire(signal: AbortSignal): Promise<Slot> {
		signal.throwIfAborted();
		const slot = this.free.pop() ?? (this.created < this.count ? (this.created++, {}) : undefined);
		if (slot) {
			return Promise.resolve(slot);
		}
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				this.waiting.splice(this.waiting.indexOf(give), 1);
				reject(abortReason(signal));
			};
			const give = (s: Slot) => {
				signal.removeEventListener('abort', onAbort);
				resolve(s);
			};
			this.waiting.push(give);
			signal.addEventListener('abort', onAbort, { once: true });
		});
	}

	release(slot: Slot): void {
		const next = this.waiting.shift();
		if (next) {
			next(slot);
		} else {
			this.free.push(slot);
		}
	}
}
