// Reads an MLflow file store (the layout python/run_local.py writes and `mlflow ui` opens):
//   <store>/<experiment_id>/meta.yaml
//   <store>/<experiment_id>/<run_id>/meta.yaml, metrics/<key>, params/<key>, tags/<key>, artifacts/
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import type { MetricPoint } from '../types';

/** MLflow's RunStatus numbers as stored in meta.yaml (newer MLflow versions may write the names). */
export type MlflowRunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
const statusByNumber: Record<number, MlflowRunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };

export interface StoredExperiment {
	readonly id: string;
	readonly name: string;
	readonly dir: string;
}

export interface StoredRun {
	readonly id: string;
	readonly name: string;
	readonly experiment: StoredExperiment;
	readonly dir: string;
	/** Undefined when meta.yaml holds a status this reader does not know. */
	readonly status?: MlflowRunStatus;
	readonly startTime?: number;
	readonly endTime?: number;
}

/** Folders MLflow keeps inside an experiment folder beside its runs. */
const notRuns = new Set(['tags', 'datasets', 'traces']);

export async function readExperiments(store: string): Promise<StoredExperiment[]> {
	const experiments: StoredExperiment[] = [];
	for (const name of await listDirs(store)) {
		const meta = await readMeta(path.join(store, name));
		if (meta && meta.lifecycle_stage !== 'deleted') {
			experiments.push({ id: scalar(meta.experiment_id) ?? name, name: scalar(meta.name) ?? name, dir: path.join(store, name) });
		}
	}
	return experiments;
}

export async function readRuns(experiment: StoredExperiment): Promise<StoredRun[]> {
	const runs = await Promise.all(
		(await listDirs(experiment.dir)).filter((name) => !notRuns.has(name)).map((name) => readRun(experiment, name)),
	);
	return runs.filter((run): run is StoredRun => run !== undefined);
}

export async function readRun(experiment: StoredExperiment, runId: string): Promise<StoredRun | undefined> {
	const dir = path.join(experiment.dir, runId);
	const meta = await readMeta(dir);
	if (!meta || meta.lifecycle_stage === 'deleted') {
		return undefined;
	}
	return {
		id: scalar(meta.run_id) ?? scalar(meta.run_uuid) ?? runId,
		name: scalar(meta.run_name) ?? '',
		experiment,
		dir,
		status: toStatus(meta.status),
		startTime: toNumber(meta.start_time),
		endTime: toNumber(meta.end_time),
	};
}

/**
 * Ends a run whose harness is gone (killed) as the harness would have: KILLED, with an end time.
 * meta.yaml is replaced in one step, since readers poll it.
 */
export async function markRunKilled(runDir: string): Promise<void> {
	const meta = await readMeta(runDir);
	if (!meta) {
		return;
	}
	const file = path.join(runDir, 'meta.yaml');
	const temporary = path.join(runDir, `.meta.${randomUUID()}.tmp`);
	await writeFile(temporary, stringify({ ...meta, status: 5, end_time: Date.now() }));
	await rename(temporary, file);
}

/** params/ or tags/ of a run as key → value; keys may be nested folders (`a/b`). */
export async function readKeyValues(runDir: string, kind: 'params' | 'tags'): Promise<Record<string, string>> {
	const root = path.join(runDir, kind);
	const entries: Record<string, string> = {};
	for (const key of await listFilesUnder(root)) {
		entries[key] = await readFile(path.join(root, key), 'utf8');
	}
	return entries;
}

export function readMetricKeys(runDir: string): Promise<string[]> {
	return listFilesUnder(path.join(runDir, 'metrics'));
}

/** A metric file's lines, `<timestamp ms> <value> <step>`, in the order they were logged. */
export async function readMetric(runDir: string, key: string): Promise<MetricPoint[]> {
	const text = await readFile(path.join(runDir, 'metrics', ...key.split('/')), 'utf8');
	const points: MetricPoint[] = [];
	for (const line of text.split('\n')) {
		const [timestamp, value, step] = line.trim().split(/\s+/);
		// A line being written right now is incomplete: skip it, the next read gets it whole.
		if (step === undefined) {
			continue;
		}
		points.push({ timestamp: Number(timestamp), value: parseMetricValue(value), step: Number(step) });
	}
	return points;
}

/** Python writes non-finite floats as `inf`, `-inf` and `nan`, which Number() does not read. */
function parseMetricValue(text: string): number {
	const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN };
	return special[text.toLowerCase()] ?? Number(text);
}

/** A YAML scalar as text (MLflow writes ids as numbers or strings); anything else is missing. */
function scalar(value: unknown): string | undefined {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

async function readMeta(dir: string): Promise<Record<string, unknown> | undefined> {
	try {
		const meta: unknown = parse(await readFile(path.join(dir, 'meta.yaml'), 'utf8'));
		return meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** Sub-folders, leaving out MLflow's `.trash` and half-created `.creating-*` folders. */
async function listDirs(dir: string): Promise<string[]> {
	try {
		const entries = await readdir(dir, { withFileTypes: true });
		return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
	} catch {
		return [];
	}
}

/** Files below a folder as `/`-separated relative paths, sorted; none when it does not exist. */
export async function listFilesUnder(dir: string): Promise<string[]> {
	try {
		const entries = await readdir(dir, { withFileTypes: true, recursive: true });
		return entries
			.filter((e) => e.isFile())
			.map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
			.sort();
	} catch {
		return [];
	}
}

function toStatus(value: unknown): MlflowRunStatus | undefined {
	if (typeof value === 'number') {
		return statusByNumber[value];
	}
	const name = String(value).toUpperCase();
	return (Object.values(statusByNumber) as string[]).includes(name) ? (name as MlflowRunStatus) : undefined;
}

function toNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
