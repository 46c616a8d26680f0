import { createHash, randomBytes } from 'node:crypto';
import { lstat, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The first line of every job YAML this extension writes beside a script. Its hash of the rest of
 * the file tells a file we wrote and nobody edited since (ours: replaced on the next submit and left
 * out of the snapshot) from one a person wrote or changed (theirs: never replaced, uploaded as code).
 */
const marker = '# Written by Azure ML Explorer after a submit, left out of the job snapshot; edit it and it is never replaced. sha256:';

/** Files bigger than this are never ours: the generated YAML is a few hundred bytes. */
const maxGeneratedBytes = 64 * 1024;

/** Tries `train.job.yml`, then `train.2.job.yml`, … up to this many names. */
const maxNames = 20;

export function markGeneratedJobYaml(yaml: string): string {
	return `${marker}${sha256(yaml)}\n${yaml}`;
}

/** True for a file this extension wrote that is unchanged since (a `*.job.yml` with a matching marker). */
export function isGeneratedJobYaml(text: string): boolean {
	const newline = text.indexOf('\n');
	return newline > 0 && text.startsWith(marker) && text.slice(marker.length, newline) === sha256(text.slice(newline + 1));
}

/** Whether a snapshot must leave this file out: a generated job YAML, unedited. */
export async function isGeneratedJobYamlFile(file: string, size: number): Promise<boolean> {
	if (!file.endsWith('.job.yml') || size > maxGeneratedBytes) {
		return false;
	}
	return isGeneratedJobYaml(await readFile(file, 'utf8').catch(() => ''));
}

export interface SaveJobYamlOptions {
	/** True when a file must be left alone though its content is ours (e.g. open with unsaved edits). */
	readonly isBusy?: (file: string) => boolean;
}

/**
 * Saves a job's YAML as `<script name>.job.yml` beside the script and returns the file written.
 * A file of that name that is not ours (hand-written, edited, a symlink, busy) is never touched:
 * the YAML goes to the first free or ours of `<name>.2.job.yml`, `<name>.3.job.yml`, …. Nothing is
 * written through a link: a new file is created exclusively, ours is replaced by a rename.
 */
export async function saveGeneratedJobYaml(script: string, yaml: string, options: SaveJobYamlOptions = {}): Promise<string> {
	const text = markGeneratedJobYaml(yaml);
	for (const file of jobYamlNames(script)) {
		const owner = await ownerOf(file, options);
		if (owner === 'nobody') {
			try {
				// 'wx' fails if anything exists there now, a dangling link included.
				await writeFile(file, text, { flag: 'wx' });
				return file;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
					continue;
				}
				throw error;
			}
		}
		if (owner === 'us') {
			await replaceFile(file, text);
			return file;
		}
	}
	throw new Error(`Could not save the job YAML beside ${script}: ${maxNames} files named like it exist and none was written by Azure ML Explorer.`);
}

/** `train.job.yml`, `train.2.job.yml`, …, in the script's folder, on any platform's paths. */
export function jobYamlNames(script: string, paths: typeof path = path): string[] {
	const stem = paths.basename(script, paths.extname(script));
	return Array.from({ length: maxNames }, (_, i) => paths.join(paths.dirname(script), i === 0 ? `${stem}.job.yml` : `${stem}.${i + 1}.job.yml`));
}

async function ownerOf(file: string, options: SaveJobYamlOptions): Promise<'nobody' | 'us' | 'someone'> {
	const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') {
			return undefined;
		}
		throw error;
	});
	if (!info) {
		return 'nobody';
	}
	if (!info.isFile() || options.isBusy?.(file)) {
		return 'someone';
	}
	return (await isGeneratedJobYamlFile(file, info.size)) ? 'us' : 'someone';
}

/** Writes beside the file and renames over it: the name is replaced, never followed. */
async function replaceFile(file: string, text: string): Promise<void> {
	const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, text, { flag: 'wx' });
		await rename(temporary, file);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}

function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}
