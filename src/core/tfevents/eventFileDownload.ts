// Copies a run's event files into a folder TensorBoard can read, incrementally: each file goes on
// from the bytes already held (one ranged read, which is empty for a file that did not change),
// and starts over only when the source was replaced or shrank.
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LogFile, RangeRead } from '../backends/types';
import { rewriteOf } from '../logs/rewriteOf';
import { eventFileChunkBytes } from './EventFileTail';

/** What the cache remembers of each source file: the generation its bytes came from. */
export interface CachedEventFile {
	readonly generation?: string;
}

export type DownloadManifest = Readonly<Record<string, CachedEventFile>>;

export interface DownloadSummary {
	/** Files the listing had. */
	readonly files: number;
	/** Files that brought new bytes (or were written anew). */
	readonly changed: number;
	readonly bytesRead: number;
	/** Files whose source was replaced or shrank, so they were written again from their start. */
	readonly restarted: number;
}

const manifestName = '.azureml-download.json';

/**
 * Where a run's artifact file (`logs/train/events.out...`, '/'-separated as run history names it)
 * goes under `root`, in the platform's path syntax; throws for a name that would leave `root` or
 * that this OS cannot store, so nothing a listing says is ever written outside the cache.
 */
export function cachePathOf(root: string, name: string, pathApi: typeof path = path): string {
	const segments = name.split('/');
	const bad = segments.find((s) => s === '' || s === '.' || s === '..' || /[\\:*?"<>|\0]/.test(s));
	if (bad !== undefined) {
		throw new Error(`Artifact name "${name}" cannot be stored in the TensorBoard cache: each folder and file name must be non-empty, not "." or "..", and free of \\ : * ? " < > |.`);
	}
	return pathApi.join(root, ...segments);
}

/**
 * The offset to read a source file from: where the local copy ends when the copy is known (its
 * generation recorded) and present, else 0. The first read then tells whether the source was
 * replaced or shrank (rewriteOf), in which case the copy starts over.
 */
export function resumeOffset(cached: CachedEventFile | undefined, localSize: number | undefined): number {
	return cached && localSize !== undefined ? localSize : 0;
}

/** Whether a read at `offset` shows that the copy no longer matches its source. */
export function mustRestart(read: RangeRead, cached: CachedEventFile | undefined, offset: number): boolean {
	return offset > 0 && rewriteOf(read, cached?.generation, offset) !== undefined;
}

/**
 * Brings `root` up to date with `files`: new bytes appended, replaced files written again, files
 * no longer listed removed. Memory stays bounded (one chunk per read), and a download cut off
 * halfway resumes where its bytes end.
 */
export async function downloadEventFiles(files: readonly LogFile[], root: string, signal?: AbortSignal): Promise<DownloadSummary> {
	await mkdir(root, { recursive: true });
	const previous = await readManifest(root);
	const manifest: Record<string, CachedEventFile> = {};
	let changed = 0;
	let bytesRead = 0;
	let restarted = 0;
	for (const file of files) {
		const target = cachePathOf(root, file.name);
		const result = await downloadOne(file, target, previous[file.name], signal);
		manifest[file.name] = { generation: result.generation };
		bytesRead += result.bytes;
		changed += result.bytes > 0 || result.restarted ? 1 : 0;
		restarted += result.restarted ? 1 : 0;
		await writeManifest(root, { ...previous, ...manifest });
	}
	for (const name of Object.keys(previous)) {
		if (!(name in manifest)) {
			await rm(cachePathOf(root, name), { force: true });
		}
	}
	await writeManifest(root, manifest);
	return { files: files.length, changed, bytesRead, restarted };
}

async function downloadOne(
	file: LogFile,
	target: string,
	cached: CachedEventFile | undefined,
	signal?: AbortSignal,
): Promise<{ bytes: number; generation?: string; restarted: boolean }> {
	let offset = resumeOffset(cached, await sizeOf(target));
	let generation = cached?.generation;
	let restarted = false;
	let bytes = 0;
	await mkdir(path.dirname(target), { recursive: true });
	const handle = await open(target, offset === 0 ? 'w' : 'r+');
	try {
		for (;;) {
			const read = await file.reader.read(offset, signal, eventFileChunkBytes);
			if (mustRestart(read, { generation }, offset)) {
				await handle.truncate(0);
				offset = 0;
				generation = undefined;
				restarted = true;
				continue;
			}
			generation = read.generation ?? generation;
			if (read.bytes.length === 0) {
				break;
			}
			await handle.write(read.bytes, 0, read.bytes.length, offset);
			offset += read.bytes.length;
			bytes += read.bytes.length;
			if (read.bytes.length < eventFileChunkBytes || (read.size !== undefined && offset >= read.size)) {
				break;
			}
		}
		await handle.truncate(offset);
	} finally {
		await handle.close();
	}
	return { bytes, generation, restarted };
}

async function sizeOf(file: string): Promise<number | undefined> {
	try {
		return (await stat(file)).size;
	} catch {
		return undefined;
	}
}

async function readManifest(root: string): Promise<DownloadManifest> {
	try {
		const parsed = JSON.parse(await readFile(path.join(root, manifestName), 'utf8')) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as DownloadManifest) : {};
	} catch {
		// No manifest (first download) or a damaged one: every file is fetched from its start.
		return {};
	}
}

/** Written to a temporary file and renamed, so a manifest is never seen half-written. */
async function writeManifest(root: string, manifest: DownloadManifest): Promise<void> {
	const file = path.join(root, manifestName);
	await writeFile(`${file}.tmp`, JSON.stringify(manifest));
	await rename(`${file}.tmp`, file);
}
