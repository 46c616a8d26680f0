import type { SnapshotFile } from './fileList';

/** Azure ML's snapshot limits: a bigger snapshot fails on the service after the upload. */
export const snapshotLimits = { maxBytes: 300 * 1_000_000, maxFiles: 2_000, warnBytes: 100 * 1_000_000 } as const;

export type PreflightResult =
	| { readonly verdict: 'ok'; readonly files: number; readonly bytes: number }
	| { readonly verdict: 'warn'; readonly files: number; readonly bytes: number; readonly message: string }
	| { readonly verdict: 'refuse'; readonly files: number; readonly bytes: number; readonly message: string };

/**
 * Checks a snapshot against the service's limits before anything is uploaded, naming the largest
 * files and folders so the user knows what to put in .amlignore.
 */
export function preflightSnapshot(files: readonly SnapshotFile[], ignoreFile: string | undefined): PreflightResult {
	const bytes = files.reduce((sum, f) => sum + f.size, 0);
	const count = files.length;
	if (count === 0) {
		return { verdict: 'refuse', files: 0, bytes: 0, message: `The snapshot is empty: every file is excluded${ignoreFile ? ` by ${ignoreFile}` : ''}.` };
	}
	const hint = `Add them to ${ignoreFile ?? '.amlignore'} (gitignore syntax) or move data to a datastore and pass it as an input.`;
	if (bytes > snapshotLimits.maxBytes || count > snapshotLimits.maxFiles) {
		const over = [
			bytes > snapshotLimits.maxBytes ? `${megabytes(bytes)} (limit ${megabytes(snapshotLimits.maxBytes)})` : undefined,
			count > snapshotLimits.maxFiles ? `${count} files (limit ${snapshotLimits.maxFiles})` : undefined,
		].filter(Boolean);
		const by = bytes > snapshotLimits.maxBytes ? 'bytes' : 'files';
		return { verdict: 'refuse', files: count, bytes, message: `The snapshot is too large: ${over.join(', ')}. Largest: ${largest(files, by)}. ${hint}` };
	}
	if (bytes > snapshotLimits.warnBytes) {
		return { verdict: 'warn', files: count, bytes, message: `The snapshot is ${megabytes(bytes)} (${count} files); uploading it may take a while. Largest: ${largest(files, 'bytes')}. ${hint}` };
	}
	return { verdict: 'ok', files: count, bytes };
}

/** The five biggest top-level entries by size or by file count (a folder sums its files). */
function largest(files: readonly SnapshotFile[], by: 'bytes' | 'files'): string {
	const sizes = new Map<string, { bytes: number; files: number }>();
	for (const file of files) {
		const slash = file.relative.indexOf('/');
		const top = slash < 0 ? file.relative : `${file.relative.slice(0, slash)}/`;
		const entry = sizes.get(top) ?? { bytes: 0, files: 0 };
		entry.bytes += file.size;
		entry.files += 1;
		sizes.set(top, entry);
	}
	return [...sizes.entries()]
		.sort((a, b) => b[1][by] - a[1][by])
		.slice(0, 5)
		.map(([name, s]) => (name.endsWith('/') ? `${name} ${megabytes(s.bytes)} in ${s.files} files` : `${name} ${megabytes(s.bytes)}`))
		.join(', ');
}

export function megabytes(bytes: number): string {
	return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

/** The question asked before following links out of the folder: what they are and where they lead. */
export function outsideLinksMessage(links: readonly string[]): string {
	const shown = links.slice(0, 5).join(', ');
	const more = links.length > 5 ? ` and ${links.length - 5} more` : '';
	const count = links.length === 1 ? '1 symbolic link points' : `${links.length} symbolic links point`;
	return `${count} outside the folder: ${shown}${more}. Include what they point to? Otherwise they are left out.`;
}
