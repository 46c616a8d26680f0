import { open } from 'node:fs/promises';
import { maxReadBytes } from '../../logs/readLimit';
import type { RangeRead, RangeReader } from '../types';

/** Reads a local log file from a byte offset to its current end (at most `maxReadBytes` at a time), like a ranged blob GET. */
export class FileRangeReader implements RangeReader {
	constructor(private readonly file: string) {}

	async read(offset: number, signal?: AbortSignal, maxBytes?: number): Promise<RangeRead> {
		signal?.throwIfAborted();
		let handle;
		try {
			handle = await open(this.file, 'r');
		} catch (error) {
			// Not written yet: the same as an empty file.
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return { bytes: new Uint8Array(0), size: 0 };
			}
			throw error;
		}
		try {
			const info = await handle.stat();
			// The inode changes when the file is replaced rather than appended to.
			const generation = `${info.dev}:${info.ino}`;
			// Bounded: a huge log is read in chunks, never allocated whole.
			const length = Math.min(maxBytes ?? maxReadBytes, maxReadBytes, Math.max(0, info.size - offset));
			const bytes = new Uint8Array(length);
			const { bytesRead } = length > 0 ? await handle.read(bytes, 0, length, offset) : { bytesRead: 0 };
			return { bytes: bytes.subarray(0, bytesRead), size: info.size, generation };
		} finally {
			await handle.close();
		}
	}
}

