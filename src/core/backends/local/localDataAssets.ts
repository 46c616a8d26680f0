import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { nextFreeVersion, versionProblem } from '../../data/dataVersions';
import { assertValidName } from '../../jobs/names';

// Data assets of the Local workspace: a name and version for a folder of this machine, kept in one
// JSON file at the root of the Local store (beside MLflow's experiment folders, which MLflow ignores),
// so they move with the store as runs and models do. Nothing is copied: a local run reads the folder.

/** The file, at the root of the Local store. */
export const localDataFileName = 'azureml-explorer-data.json';

export interface LocalDataAsset {
	readonly name: string;
	readonly version: string;
	/** Absolute, in the notation of the machine that registered it. */
	readonly path: string;
	readonly description?: string;
	/** Milliseconds since the epoch. */
	readonly createdAt: number;
}

export interface LocalDataRegistration {
	readonly name: string;
	/** Absent: the next free whole-number version of that name. */
	readonly version?: string;
	readonly folder: string;
	readonly description?: string;
}

interface LocalDataFile {
	readonly assets: LocalDataAsset[];
}

export function localDataFile(store: string, pathApi: path.PlatformPath = path): string {
	return pathApi.join(store, localDataFileName);
}

/** True once a local data asset was registered in the store (even if the file is damaged since). */
export async function hasLocalDataAssets(store: string): Promise<boolean> {
	return (await stat(localDataFile(store)).catch(() => undefined))?.isFile() ?? false;
}

/** Every local data asset version, by name then version; none when the file does not exist yet. */
export async function listLocalDataAssets(store: string): Promise<LocalDataAsset[]> {
	const file = localDataFile(store);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return [];
		}
		throw error;
	}
	return parseLocalDataFile(text, file);
}

/** The file's assets; a file that is not ours (bad JSON, no `assets` list) is an error naming it. */
export function parseLocalDataFile(text: string, file: string): LocalDataAsset[] {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix or remove it to register local data assets.`, { cause: error });
	}
	const assets = (value as Partial<LocalDataFile> | null)?.assets;
	if (!Array.isArray(assets)) {
		throw new Error(`${file} has no "assets" list: fix or remove it to register local data assets.`);
	}
	return assets.filter(isAsset).sort((a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version));
}

/** The latest version of each name: the one registered last, as Azure ML resolves `@latest`. */
export function latestVersions(assets: readonly LocalDataAsset[]): LocalDataAsset[] {
	const latest = new Map<string, LocalDataAsset>();
	for (const asset of assets) {
		const current = latest.get(asset.name);
		if (!current || current.createdAt <= asset.createdAt) {
			latest.set(asset.name, asset);
		}
	}
	return [...latest.values()];
}

/** The next free version of a name (what "Upload Folder as Data Asset…" suggests). */
export function nextLocalDataVersion(assets: readonly LocalDataAsset[], name: string): string {
	return nextFreeVersion(assets.filter((a) => a.name === name).map((a) => a.version));
}

/** Undefined when the folder can be registered (an absolute path), else the rule. */
export function localDataFolderProblem(folder: string, pathApi: path.PlatformPath = path): string | undefined {
	return pathApi.isAbsolute(folder) ? undefined : `A local data asset needs the folder's absolute path (got "${folder}").`;
}

/**
 * Records a folder as the next (or the given) version of a local data asset. The name, version and
 * folder are checked first; the file is replaced in one step, so a reader never sees half of it.
 */
export async function registerLocalDataAsset(store: string, registration: LocalDataRegistration, now = Date.now()): Promise<LocalDataAsset> {
	assertValidName('asset', registration.name);
	const badVersion = registration.version === undefined ? undefined : versionProblem(registration.version);
	const badFolder = localDataFolderProblem(registration.folder);
	if (badVersion || badFolder) {
		throw Object.assign(new Error(badVersion ?? badFolder), { kind: 'invalidName' });
	}
	const folder = path.normalize(registration.folder);
	if (!(await stat(folder).catch(() => undefined))?.isDirectory()) {
		throw new Error(`${folder} is not a folder: a local data asset is a folder of this machine.`);
	}
	const assets = await listLocalDataAssets(store);
	const version = registration.version ?? nextLocalDataVersion(assets, registration.name);
	if (assets.some((a) => a.name === registration.name && a.version === version)) {
		throw new Error(`Local data asset "${registration.name}" already has a version "${version}": choose another version.`);
	}
	const description = registration.description?.trim();
	const asset: LocalDataAsset = { name: registration.name, version, path: folder, ...(description ? { description } : {}), createdAt: now };
	await mkdir(store, { recursive: true });
	const file = localDataFile(store);
	const temporary = `${file}.${randomUUID()}.tmp`;
	await writeFile(temporary, `${JSON.stringify({ assets: [...assets, asset] } satisfies LocalDataFile, null, 2)}\n`, 'utf8');
	await rename(temporary, file);
	return asset;
}

/** `azureml:<name>:<version>` or `azureml:<name>@latest`, as job YAML and Azure inputs name a data asset. */
export function localDataReference(asset: Pick<LocalDataAsset, 'name' | 'version'>): string {
	return `azureml:${asset.name}:${asset.version}`;
}

/** The asset a reference names, or an error that lists what the Local workspace has. */
export function resolveLocalDataReference(assets: readonly LocalDataAsset[], reference: string): LocalDataAsset {
	const match = /^azureml:([^:@]+)(?::([^:@]+)|@latest)$/.exec(reference.trim());
	if (!match) {
		throw new Error(`"${reference}" does not name a data asset: use azureml:<name>:<version> or azureml:<name>@latest.`);
	}
	const [, name, version] = match;
	const found = version === undefined ? latestVersions(assets).find((a) => a.name === name) : assets.find((a) => a.name === name && a.version === version);
	if (!found) {
		const known = assets.map((a) => `${a.name}:${a.version}`).join(', ') || 'none';
		throw new Error(`The Local workspace has no data asset ${name}${version === undefined ? '' : `:${version}`} (it has: ${known}).`);
	}
	return found;
}

/** An input name (letters, digits, `_`, not starting with a digit) made from an asset name. */
export function inputNameFor(assetName: string): string {
	const name = assetName.replace(/[^A-Za-z0-9_]+/g, '_');
	return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * Each input's folder, checked to still be there: a local run fails before it starts, with the
 * asset and the folder named, rather than inside the script.
 */
export async function localInputFolders(inputs: Readonly<Record<string, LocalDataAsset>>): Promise<Record<string, string>> {
	const folders: Record<string, string> = {};
	for (const [name, asset] of Object.entries(inputs)) {
		if (!(await stat(asset.path).catch(() => undefined))?.isDirectory()) {
			throw new Error(`Input ${name}: the folder of local data asset ${asset.name}:${asset.version} is gone (${asset.path}). Register the folder's new place as a new version.`);
		}
		folders[name] = asset.path;
	}
	return folders;
}

function compareVersions(a: string, b: string): number {
	const numeric = /^\d+$/;
	if (numeric.test(a) && numeric.test(b)) {
		return Number(a) - Number(b);
	}
	return a.localeCompare(b, undefined, { numeric: true });
}

function isAsset(value: unknown): value is LocalDataAsset {
	const asset = value as Partial<LocalDataAsset> | null;
	return typeof asset?.name === 'string' && typeof asset.version === 'string' && typeof asset.path === 'string' && typeof asset.createdAt === 'number';
}
