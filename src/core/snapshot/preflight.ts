import type { SnapshotFile } from './fileList';

/**
 * When a snapshot is worth a second thought. The v2 code upload has no size or file limit; the SDK
 * warns over 100 MB (FILE_SIZE_WARNING), and many files are slow because each is one request.
 */
export const snapshotWarnings = { bytes: 100 * 1_000_000, files: 2_000 } as const;

export type PreflightResult =
	| { readonly verdict: 'ok'; readonly files: number; readonly bytes: number }
	| { readonly verdict: 'warn'; readonly files: number; readonly bytes: number; readonly message: string }
	| { readonly verdict: 'refuse'; readonly files: number; readonly bytes: number; readonly message: string };

/**
 * Checks a snapshot before anything is uploaded: an empty one is refused; a big one or one of many
 * files is a warning the user may go on from, naming the largest files and folders so the user
 * knows what to put in .amlignore.
 */
export function preflightSnapshot(files: readonly SnapshotFile[], ignoreFile: string | undefined): PreflightResult {
	const bytes = files.reduce((sum, f) => sum + f.size, 0);
	const count = files.length;
	if (count === 0) {
		return { verdict: 'refuse', files: 0, bytes: 0, message: `The snapshot is empty: every file is excluded${ignoreFile ? ` by ${ignoreFile}` : ''}.` };
	}
	const hint = `To leave them out, add them to ${ignoreFile ?? '.amlignore'} (gitignore syntax) or move data to a datastore and pass it as an input.`;
	if (bytes > snapshotWarnings.bytes || count > snapshotWarnings.files) {
		const by = bytes > snapshotWarnings.bytes ? 'bytes' : 'files';
		return {
			verdict: 'warn',
			files: count,
			bytes,
			message: `The snapshot is ${megabytes(bytes)} in ${count} files; uploading it may take a while. Largest: ${largest(files, by)}. ${hint}`,
		};
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
