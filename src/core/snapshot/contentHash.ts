import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { SnapshotFile } from './fileList';

/** The `hash_version` Azure ML stores with a code asset hashed by snapshotContentHash. */
export const contentHashVersion = '202208';

/**
 * The Python SDK's content hash of a snapshot (azure-ai-ml `get_content_hash`, version 202208):
 * SHA-256 over the file count, then `#<relative path>#<size>` for each file sorted by lower-cased
 * path, then every file's bytes in that order. Equal hashes mean Azure ML already holds this code.
 */
export async function snapshotContentHash(files: readonly SnapshotFile[], signal?: AbortSignal): Promise<string> {
	const sorted = [...files].sort((a, b) => compare(a.relative.toLowerCase(), b.relative.toLowerCase()));
	const hash = createHash('sha256');
	hash.update(String(sorted.length));
	for (const file of sorted) {
		hash.update(`#${file.relative}#`);
		hash.update(String(file.size));
	}
	for (const file of sorted) {
		await feedFile(hash, file.path, signal);
	}
	return hash.digest('hex');
}

/** Python's default string order: by code point, not by locale. */
function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export async function feedFile(hash: Hash, file: string, signal?: AbortSignal): Promise<void> {
	for await (const chunk of createReadStream(file, { signal })) {
		hash.update(chunk as Buffer);
	}
}
