import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { isGeneratedJobYamlFile } from '../jobs/savedJobYaml';
import type { IgnoreRules } from './ignoreRules';

export interface SnapshotFile {
	/** Absolute path on disk. */
	readonly path: string;
	/** `/`-separated path relative to the snapshot root. */
	readonly relative: string;
	readonly size: number;
}

/** A symbolic link in the folder whose target lies outside it. */
export interface OutsideLink {
	/** `/`-separated path of the link relative to the snapshot root. */
	readonly relative: string;
	/** Where it points, resolved. */
	readonly target: string;
}

export interface LinkPolicy {
	/** Follow links that point outside the folder (the user agreed). Default: leave them out. */
	readonly followOutside?: boolean;
	/** Told of each link that points outside the folder, followed or not. */
	readonly onOutsideLink?: (link: OutsideLink) => void;
}

/**
 * Every file of a folder that the ignore rules keep. Symbolic links are followed as the Python SDK
 * does (os.walk followlinks=True) while they point inside the folder; a link that points outside is
 * reported and followed only when the policy says so, so nothing from outside the folder is uploaded
 * without the user's consent. Ignored folders are not walked at all, so `data/` with a million files
 * costs one check. A job YAML this extension wrote beside a script (unedited) is left out too: it
 * holds the job's settings, not its code, so changing only settings keeps the content hash and
 * uploads nothing.
 */
export async function listSnapshotFiles(root: string, rules: IgnoreRules, signal?: AbortSignal, links: LinkPolicy = {}): Promise<SnapshotFile[]> {
	const files: SnapshotFile[] = [];
	const realRoot = await realpath(root);
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
			if (entry.isSymbolicLink() && !(await followLink(realRoot, absolute, relative, rules, links))) {
				continue;
			}
			const info = entry.isSymbolicLink() ? await stat(absolute).catch(() => undefined) : entry;
			if (!info) {
				continue;
			}
			if (info.isDirectory()) {
				if (!rules.ignores(`${relative}/`)) {
					await walk(absolute, `${relative}/`, inside);
				}
			} else if (info.isFile() && !rules.ignores(relative)) {
				const size = (await stat(absolute)).size;
				if (!(await isGeneratedJobYamlFile(absolute, size))) {
					files.push({ path: absolute, relative, size });
				}
			}
		}
	}
	await walk(root, '', new Set());
	return files;
}

/**
 * Whether the walk goes through a symbolic link: never a dangling one, always one that stays inside
 * the folder, and one that leads out only with the policy's consent (reported either way, unless
 * the rules leave it out).
 */
export async function followLink(realRoot: string, absolute: string, relative: string, rules: IgnoreRules, links: LinkPolicy): Promise<boolean> {
	const target = await realpath(absolute).catch(() => undefined);
	if (target === undefined) {
		return false;
	}
	if (isInside(realRoot, target)) {
		return true;
	}
	if (rules.ignores(relative) || rules.ignores(`${relative}/`)) {
		return false;
	}
	links.onOutsideLink?.({ relative, target });
	return links.followOutside === true;
}

/** Whether `target` is `root` or lies under it, on any platform's paths. */
export function isInside(root: string, target: string, paths: typeof path = path): boolean {
	const relative = paths.relative(root, target);
	return relative === '' || (!relative.startsWith(`..${paths.sep}`) && relative !== '..' && !paths.isAbsolute(relative));
}
