import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { IgnoreRules } from './ignoreRules';

export interface SnapshotFile {
	/** Absolute path on disk. */
	readonly path: string;
	/** `/`-separated path relative to the snapshot root. */
	readonly relative: string;
	readonly size: number;
}

/**
 * Every file of a folder that the ignore rules keep, following symlinks as the Python SDK does
 * (os.walk followlinks=True). Ignored folders are not walked at all, so `data/` with a million
 * files costs one check.
 */
export async function listSnapshotFiles(root: string, rules: IgnoreRules, signal?: AbortSignal): Promise<SnapshotFile[]> {
	const files: SnapshotFile[] = [];
	async function walk(dir: string, prefix: string, ancestors: ReadonlySet<string>): Promise<void> {
		signal?.throwIfAborted();
		const real = await stat(dir);
		// A symlink back to a folder we are inside would otherwise walk forever.
		const key = `${real.dev}:${real.ino}`;
		if (ancestors.has(key)) {
			return;
		}
		const inside = new Set(ancestors).add(key);
		for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const absolute = path.join(dir, entry.name);
			const relative = prefix + entry.name;
			const info = entry.isSymbolicLink() ? await stat(absolute).catch(() => undefined) : entry;
			if (!info) {
				continue;
			}
			if (info.isDirectory()) {
				if (!rules.ignores(`${relative}/`)) {
					await walk(absolute, `${relative}/`, inside);
				}
			} else if (info.isFile() && !rules.ignores(relative)) {
				files.push({ path: absolute, relative, size: (await stat(absolute)).size });
			}
		}
	}
	await walk(root, '', new Set());
	return files;
}
