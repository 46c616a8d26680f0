import * as path from 'node:path';
import { snapshotContentHash } from '../snapshot/contentHash';
import { listSnapshotFiles, type LinkPolicy, type OutsideLink, type SnapshotFile } from '../snapshot/fileList';
import { loadIgnoreRules } from '../snapshot/ignoreRules';
import { objectHash } from '../snapshot/objectHash';
import { outsideLinksMessage, preflightSnapshot } from '../snapshot/preflight';
import { assertValidSpec, type CommandJobSpec, type EnvironmentSpec } from './commandJobSpec';
import { condaText, environmentNameFor, environmentVersionFor } from './environmentFiles';

/** A folder to upload, listed, checked and hashed on this machine. */
export interface PreparedFolder {
	readonly root: string;
	/** Sorted as the SDK sorts them (lower-cased relative path); the first is the indicator blob. */
	readonly files: readonly SnapshotFile[];
	readonly bytes: number;
	readonly hash: string;
}

export interface PreparedEnvironment {
	readonly name: string;
	readonly version: string;
	readonly image: string;
	readonly conda: string;
}

/** Everything a submit learns before its first request: an invalid job fails here, costing nothing. */
export interface PreparedSubmit {
	readonly spec: CommandJobSpec;
	readonly code: PreparedFolder;
	/** A message when the snapshot is over the warning size, for the caller to confirm. */
	readonly warning?: string;
	readonly environment?: PreparedEnvironment;
	readonly localInputs: Readonly<Record<string, PreparedFolder>>;
}

/**
 * Validates names and values, lists the snapshot with its ignore file and applies the service's
 * warnings (naming the largest files for the caller to confirm), reads the environment file, lists local input
 * folders, and computes the hashes that decide what must be uploaded. Symbolic links that lead out
 * of the code or an input folder are left out unless `confirmOutsideLinks` agrees to include them.
 */
export async function prepareSubmit(spec: CommandJobSpec, signal?: AbortSignal, confirmOutsideLinks?: (message: string) => Promise<boolean>): Promise<PreparedSubmit> {
	assertValidSpec(spec);
	const outside: string[] = [];
	const noted = (folder: string) => (link: OutsideLink) => outside.push(outsideLinkLabel(folder, link));
	let listed = await listFolders(spec, signal, (folder) => ({ onOutsideLink: noted(folder) }));
	if (outside.length > 0 && confirmOutsideLinks && (await confirmOutsideLinks(outsideLinksMessage(outside)))) {
		listed = await listFolders(spec, signal, () => ({ followOutside: true }));
	}
	const { rules, files, localInputs } = listed;
	const verdict = preflightSnapshot(files, rules.file);
	if (verdict.verdict === 'refuse') {
		throw Object.assign(new Error(verdict.message), { kind: 'emptySnapshot' });
	}
	const environment = await prepareEnvironment(spec.environment, spec.code);
	const code: PreparedFolder = { root: spec.code, files, bytes: verdict.bytes, hash: await snapshotContentHash(files, signal) };
	return { spec, code, warning: verdict.verdict === 'warn' ? verdict.message : undefined, environment, localInputs };
}

/** A built environment's conda text, name and content-derived version (undefined for a reference). */
export async function prepareEnvironment(environment: EnvironmentSpec, codeFolder: string): Promise<PreparedEnvironment | undefined> {
	if (environment.kind !== 'build') {
		return undefined;
	}
	const conda = await condaText(environment.conda);
	return { name: environmentNameFor(codeFolder), version: environmentVersionFor(environment.image, conda), image: environment.image, conda };
}

/**
 * Lists, checks and hashes a code folder exactly as Submit does its snapshot (same ignore file,
 * limits and content hash, so the same folder is found by hash and not uploaded twice).
 */
export async function prepareCodeFolder(folder: string, signal?: AbortSignal): Promise<PreparedFolder & { readonly warning?: string }> {
	const rules = await loadIgnoreRules(folder);
	const files = sortLikeSdk(await listSnapshotFiles(folder, rules, signal).catch((error: NodeJS.ErrnoException) => rethrowMissing(error, folder, 'code folder')));
	const verdict = preflightSnapshot(files, rules.file);
	if (verdict.verdict === 'refuse') {
		throw Object.assign(new Error(verdict.message), { kind: 'emptySnapshot' });
	}
	return { root: folder, files, bytes: verdict.bytes, hash: await snapshotContentHash(files, signal), warning: verdict.verdict === 'warn' ? verdict.message : undefined };
}

/** The links that lead out of a folder its ignore file keeps, as `<folder>/<link> → <target>`. */
export async function findOutsideLinks(folder: string, signal?: AbortSignal): Promise<string[]> {
	const outside: string[] = [];
	await listSnapshotFiles(folder, await loadIgnoreRules(folder), signal, { onOutsideLink: (link) => outside.push(outsideLinkLabel(folder, link)) });
	return outside;
}

function outsideLinkLabel(folder: string, link: OutsideLink): string {
	return `${path.basename(folder)}/${link.relative} → ${link.target}`;
}

async function listFolders(spec: CommandJobSpec, signal: AbortSignal | undefined, policy: (folder: string) => LinkPolicy) {
	const rules = await loadIgnoreRules(spec.code);
	const files = sortLikeSdk(await listSnapshotFiles(spec.code, rules, signal, policy(spec.code)).catch((error: NodeJS.ErrnoException) => rethrowMissing(error, spec.code, 'code folder')));
	const localInputs: Record<string, PreparedFolder> = {};
	for (const [name, input] of Object.entries(spec.inputs)) {
		if (input.kind === 'localFolder') {
			localInputs[name] = await prepareInputFolder(name, input.path, policy(input.path), signal);
		}
	}
	return { rules, files, localInputs };
}

/** Lists, checks and hashes a data folder as Submit does a local input (its own ignore file, no empty folder). */
export async function prepareInputFolder(name: string, folder: string, links: LinkPolicy, signal?: AbortSignal): Promise<PreparedFolder> {
	// Data folders follow their own .amlignore/.gitignore, as the SDK's uploads do.
	const rules = await loadIgnoreRules(folder);
	const files = sortLikeSdk(await listSnapshotFiles(folder, rules, signal, links).catch((error: NodeJS.ErrnoException) => rethrowMissing(error, folder, `folder of input "${name}"`)));
	if (files.length === 0) {
		throw Object.assign(new Error(`The folder of input "${name}" (${folder}) has no files to upload.`), { kind: 'invalidSpec' });
	}
	return { root: folder, files, bytes: files.reduce((sum, f) => sum + f.size, 0), hash: await objectHash(folder, rules, signal, { followOutside: links.followOutside }) };
}

function rethrowMissing(error: NodeJS.ErrnoException, folder: string, what: string): never {
	if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
		throw Object.assign(new Error(`The ${what} ${folder} does not exist or is not a folder.`), { kind: 'invalidSpec' });
	}
	throw error;
}

function sortLikeSdk(files: SnapshotFile[]): SnapshotFile[] {
	return files.sort((a, b) => {
		const x = a.relative.toLowerCase();
		const y = b.relative.toLowerCase();
		return x < y ? -1 : x > y ? 1 : 0;
	});
}

/** `<folder>/<relative path>`: where the SDK puts each file of a folder it uploads. */
export function blobNamesOf(folder: PreparedFolder, prefix = ''): { path: string; blobName: string; size: number }[] {
	const base = path.basename(folder.root);
	return folder.files.map((f) => ({ path: f.path, blobName: `${prefix}${base}/${f.relative}`, size: f.size }));
}
