import { createHash, type Hash } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { feedFile } from './contentHash';
import { followLink, type LinkPolicy } from './fileList';
import type { IgnoreRules } from './ignoreRules';

/**
 * The Python SDK's object hash (azure-ai-ml `get_object_hash`): MD5, seeded with a fixed string,
 * over each entry's name and then its bytes (or, for a folder, its entries), entries sorted by
 * lower-cased path. It names the upload folder `LocalUpload/<hash>/`, so the same data uploaded
 * twice lands in the same place and is found there instead of being sent again. Symbolic links are
 * followed as listSnapshotFiles follows them, so the hash covers exactly the files uploaded.
 */
export async function objectHash(target: string, rules: IgnoreRules, signal?: AbortSignal, links: LinkPolicy = {}): Promise<string> {
	const hash = createHash('md5').update('Initialize for october 2021 AML CLI version');
	const info = await stat(target);
	if (info.isDirectory()) {
		await feedDirectory(hash, await realpath(target), target, '', rules, links, signal);
	} else {
		await feedFile(hash, target, signal);
	}
	return hash.digest('hex');
}

async function feedDirectory(hash: Hash, realRoot: string, dir: string, prefix: string, rules: IgnoreRules, links: LinkPolicy, signal?: AbortSignal): Promise<void> {
	signal?.throwIfAborted();
	const names = (await readdir(dir)).sort((a, b) => {
		const x = a.toLowerCase();
		const y = b.toLowerCase();
		return x < y ? -1 : x > y ? 1 : 0;
	});
	for (const name of names) {
		const absolute = path.join(dir, name);
		const relative = prefix + name;
		if ((await lstat(absolute)).isSymbolicLink() && !(await followLink(realRoot, absolute, relative, rules, links))) {
			continue;
		}
		const info = await stat(absolute);
		if (rules.ignores(info.isDirectory() ? `${relative}/` : relative)) {
			continue;
		}
		hash.update(name);
		if (info.isFile()) {
			await feedFile(hash, absolute, signal);
		} else if (info.isDirectory()) {
			await feedDirectory(hash, realRoot, absolute, `${relative}/`, rules, links, signal);
		}
	}
}
