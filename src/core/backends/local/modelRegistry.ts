// The Local workspace's model registry, in MLflow's file-store layout so `mlflow ui` lists it too:
//   <store>/models/<name>/meta.yaml                  name, creation_timestamp, last_updated_timestamp, description
//   <store>/models/<name>/version-<n>/meta.yaml      name, version, source, run_id, status READY, ...
//   <store>/models/<name>/version-<n>/tags/<key>     the value, no newline (a run's metrics go here)
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';

/** Azure ML's rule for model names, also applied locally so a name works on both. */
const modelNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const tagKeyPattern = /^[a-zA-Z0-9_.\- /]+$/;

export interface LocalModelVersion {
	readonly name: string;
	readonly version: string;
	/** The registered files: a folder or a file, absolute. */
	readonly path: string;
	readonly runId?: string;
	readonly description?: string;
	/** The version's tags; a run's metrics registered with it are among them. */
	readonly tags: Readonly<Record<string, string>>;
	/** Epoch milliseconds. */
	readonly createdAt: number;
}

export interface LocalModelSpec {
	readonly name: string;
	/** A folder or file on this machine (a run's artifacts/outputs, or any local path). */
	readonly path: string;
	readonly runId?: string;
	readonly description?: string;
	readonly tags?: Readonly<Record<string, string>>;
}

/** Why ``name`` is not a valid model name, or undefined when it is. */
export function modelNameProblem(name: string): string | undefined {
	return modelNamePattern.test(name)
		? undefined
		: `"${name}" is not a valid model name: use 1 to 255 letters, digits, '-', '_' or '.', starting with a letter or digit.`;
}

function registryDir(store: string): string {
	return path.join(store, 'models');
}

/** Registers ``spec.path`` as the next version of the model (1 for a new model). */
export async function registerLocalModel(store: string, spec: LocalModelSpec, now = Date.now()): Promise<LocalModelVersion> {
	const problem = modelNameProblem(spec.name);
	if (problem) {
		throw new Error(problem);
	}
	const badKey = Object.keys(spec.tags ?? {}).find((key) => !tagKeyPattern.test(key) || key.split('/').some((part) => part === '' || part === '..' || part === '.'));
	if (badKey !== undefined) {
		throw new Error(`"${badKey}" is not a valid tag name: use letters, digits, '_', '-', '.', ' ' and '/' (not at either end).`);
	}
	const modelDir = path.join(registryDir(store), spec.name);
	await mkdir(modelDir, { recursive: true });
	const registered = await readYaml(path.join(modelDir, 'meta.yaml'));
	await writeYaml(path.join(modelDir, 'meta.yaml'), {
		creation_timestamp: registered?.creation_timestamp ?? now,
		description: registered?.description ?? null,
		last_updated_timestamp: now,
		name: spec.name,
	});
	// mkdir without `recursive` fails on an existing folder: two registrations never get one number.
	let version = (await versionNumbers(modelDir)).reduce((max, n) => Math.max(max, n), 0) + 1;
	for (;;) {
		try {
			await mkdir(path.join(modelDir, `version-${version}`));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
			version += 1;
		}
	}
	const versionDir = path.join(modelDir, `version-${version}`);
	const absolute = path.resolve(spec.path);
	try {
		for (const [key, value] of Object.entries(spec.tags ?? {})) {
			await mkdir(path.dirname(path.join(versionDir, 'tags', key)), { recursive: true });
			await writeFile(path.join(versionDir, 'tags', key), value, 'utf8');
		}
		await writeYaml(path.join(versionDir, 'meta.yaml'), {
			creation_timestamp: now,
			current_stage: 'None',
			description: spec.description ?? '',
			last_updated_timestamp: now,
			name: spec.name,
			run_id: spec.runId ?? '',
			run_link: '',
			source: pathToFileURL(absolute).href,
			status: 'READY',
			status_message: '',
			user_id: '',
			version,
		});
	} catch (error) {
		await rm(versionDir, { recursive: true, force: true }); // nothing half-made
		throw error;
	}
	return { name: spec.name, version: String(version), path: absolute, runId: spec.runId, description: spec.description, tags: { ...spec.tags }, createdAt: now };
}

/** Names of the registered models, sorted. */
export async function listLocalModels(store: string): Promise<string[]> {
	const names: string[] = [];
	for (const name of await listDirs(registryDir(store))) {
		if (await readYaml(path.join(registryDir(store), name, 'meta.yaml'))) {
			names.push(name);
		}
	}
	return names.sort((a, b) => a.localeCompare(b));
}

/** The model's versions, newest first. */
export async function listLocalModelVersions(store: string, name: string): Promise<LocalModelVersion[]> {
	const modelDir = path.join(registryDir(store), name);
	const versions = await Promise.all((await versionNumbers(modelDir)).map((n) => readVersion(modelDir, n)));
	return versions.filter((v): v is LocalModelVersion => v !== undefined).sort((a, b) => Number(b.version) - Number(a.version));
}

async function readVersion(modelDir: string, version: number): Promise<LocalModelVersion | undefined> {
	const dir = path.join(modelDir, `version-${version}`);
	const meta = await readYaml(path.join(dir, 'meta.yaml'));
	if (!meta || meta.current_stage === 'Deleted_Internal' || typeof meta.source !== 'string') {
		return undefined;
	}
	const tags: Record<string, string> = {};
	for (const key of await listFiles(path.join(dir, 'tags'))) {
		tags[key] = await readFile(path.join(dir, 'tags', key), 'utf8');
	}
	return {
		name: typeof meta.name === 'string' ? meta.name : path.basename(modelDir),
		version: String(version),
		path: meta.source.startsWith('file:') ? fileURLToPath(meta.source) : meta.source,
		runId: typeof meta.run_id === 'string' && meta.run_id ? meta.run_id : undefined,
		description: typeof meta.description === 'string' && meta.description ? meta.description : undefined,
		tags,
		createdAt: Number(meta.creation_timestamp) || 0,
	};
}

async function versionNumbers(modelDir: string): Promise<number[]> {
	return (await listDirs(modelDir)).map((name) => /^version-(\d+)$/.exec(name)).filter((m) => m !== null).map((m) => Number(m[1]));
}

async function readYaml(file: string): Promise<Record<string, unknown> | undefined> {
	try {
		const value: unknown = parse(await readFile(file, 'utf8'));
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** Replaced in one step, so `mlflow ui` or a tree refresh never reads half a file. */
async function writeYaml(file: string, value: Record<string, unknown>): Promise<void> {
	const temporary = `${file}.${randomUUID()}.tmp`;
	await writeFile(temporary, stringify(value, { sortMapEntries: true }), 'utf8');
	await rename(temporary, file);
}

async function listDirs(dir: string): Promise<string[]> {
	try {
		return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
	} catch {
		return [];
	}
}

/** Files under ``dir``, as `/`-joined relative keys (tags may be nested: `train/loss`). */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
	let entries;
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch {
		return [];
	}
	const keys: string[] = [];
	for (const entry of entries) {
		const key = prefix ? `${prefix}/${entry.name}` : entry.name;
		if (entry.isDirectory()) {
			keys.push(...(await listFiles(path.join(dir, entry.name), key)));
		} else {
			keys.push(key);
		}
	}
	return keys;
}
