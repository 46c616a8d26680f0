import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { RangeReader } from '../backends/types';
import { normalizeArtifactPath, type RunArtifact } from './runArtifacts';

export interface DownloadProgress {
	readonly files: number;
	readonly totalFiles: number;
	readonly bytes: number;
	/** The file being written. */
	readonly current: string;
}

export interface DownloadPlan {
	readonly artifacts: readonly RunArtifact[];
	/** The part of each artifact path left out of the local path, e.g. `outputs/` to write `model/…` for `outputs/model/…`. */
	readonly stripPrefix: string;
	readonly destination: string;
	readonly reader: (artifact: RunArtifact) => RangeReader;
}

/** Where an artifact lands: inside `destination`, never outside it (a path with `..` is refused). */
export function localPathOf(destination: string, stripPrefix: string, artifactPath: string, join: (...parts: string[]) => string = (...parts) => path.join(...parts)): string {
	const relative = normalizeArtifactPath(artifactPath.startsWith(stripPrefix) ? artifactPath.slice(stripPrefix.length) : artifactPath);
	if (relative === '') {
		throw new Error(`"${artifactPath}" has no file name to download to.`);
	}
	return join(destination, ...relative.split('/'));
}

/**
 * Downloads files one after another, each in bounded ranged reads into a temporary file renamed into
 * place when complete: a cancelled or failed download leaves no partial file behind, and files
 * already complete stay. Returns the local paths written.
 */
export async function downloadArtifacts(plan: DownloadPlan, onProgress: (progress: DownloadProgress) => void, signal?: AbortSignal): Promise<string[]> {
	const written: string[] = [];
	let bytes = 0;
	for (const artifact of plan.artifacts) {
		signal?.throwIfAborted();
		const target = localPathOf(plan.destination, plan.stripPrefix, artifact.path);
		onProgress({ files: written.length, totalFiles: plan.artifacts.length, bytes, current: artifact.path });
		await mkdir(path.dirname(target), { recursive: true });
		const temporary = `${target}.${randomUUID()}.download`;
		const handle = await open(temporary, 'w');
		try {
			const reader = plan.reader(artifact);
			let offset = 0;
			for (;;) {
				const read = await reader.read(offset, signal);
				if (read.bytes.length > 0) {
					await handle.write(read.bytes, 0, read.bytes.length, offset);
					offset += read.bytes.length;
					bytes += read.bytes.length;
					onProgress({ files: written.length, totalFiles: plan.artifacts.length, bytes, current: artifact.path });
				}
				if (read.bytes.length === 0 || (read.size !== undefined && offset >= read.size)) {
					break;
				}
			}
			await handle.close();
			await rename(temporary, target);
		} catch (error) {
			await handle.close().catch(() => undefined);
			await rm(temporary, { force: true });
			throw error;
		}
		written.push(target);
	}
	onProgress({ files: written.length, totalFiles: plan.artifacts.length, bytes, current: '' });
	return written;
}
