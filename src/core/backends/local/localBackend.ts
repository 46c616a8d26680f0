import { open, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunArtifact } from '../../artifacts/runArtifacts';
import * as path from 'node:path';
import type { JobStatus, LogFile, MetricPoint, RangeReader, RunBackend, RunDetails, RunPage, RunSummary } from '../types';
import { eventFileRoots, isEventFileName } from '../../tfevents/eventFileNames';
import { FileRangeReader } from './fileRangeReader';
import { killProcessTree, processStartToken, type ProcessProbe } from './processIdentity';
import {
	listFilesUnder,
	markRunKilled,
	readExperiments,
	readKeyValues,
	readMetric,
	readMetricKeys,
	readRun,
	readRuns,
	type MlflowRunStatus,
	type StoredExperiment,
	type StoredRun,
} from './mlflowFileStore';

const pageSize = 50;
/** Where logs live inside a run's artifacts: the harness's driver log, and what the script writes to logs/. */
const logFolders = ['azureml-logs', 'user_logs', 'system_logs', 'logs'];
export const exitCodeTag = 'azuremlExplorer.exitCode';
/** The harness's process id and start time (processStartToken), written by LocalRunner. */
export const harnessPidTag = 'azuremlExplorer.harnessPid';
export const harnessStartTag = 'azuremlExplorer.harnessStart';
/** The file in a run's folder that asks its harness to stop (python/README.md, "Cancelling"). */
export const stopFileName = 'azureml-explorer.stop';
/**
 * How long a stopped run may take to end before its processes are killed: the harness's own grace
 * (5 s, then it kills the script's processes itself) with room for a busy machine.
 */
const defaultForceAfterMs = 30_000;
const stopPollMs = 500;

const statusMap: Record<MlflowRunStatus, JobStatus> = {
	SCHEDULED: 'Queued',
	RUNNING: 'Running',
	FINISHED: 'Completed',
	FAILED: 'Failed',
	KILLED: 'Canceled',
};

export interface LocalExperiment extends StoredExperiment {
	readonly runCount: number;
	/** Start time of its newest run (epoch ms). */
	readonly latestStart: number;
}

export interface LocalBackendOptions {
	/** How long Cancel waits for a run to end before it kills the harness's process tree. */
	readonly forceAfterMs?: number;
	readonly probe?: ProcessProbe;
}

/** Runs in an MLflow file store on this machine, behind the same interface as an Azure workspace. */
export class LocalBackend implements RunBackend {
	readonly kind = 'local';
	/** The store folder, absolute: what a metrics panel stores to find these runs again after a reload. */
	readonly workspaceId: string;

	constructor(
		readonly store: string,
		private readonly options: LocalBackendOptions = {},
	) {
		this.workspaceId = path.resolve(store);
	}

	/** Experiments that hold runs, the one with the newest run first. */
	async listExperiments(): Promise<LocalExperiment[]> {
		const experiments = await Promise.all(
			(await readExperiments(this.store)).map(async (experiment) => {
				const runs = await readRuns(experiment);
				return { ...experiment, runCount: runs.length, latestStart: Math.max(0, ...runs.map((r) => r.startTime ?? 0)) };
			}),
		);
		return experiments.filter((e) => e.runCount > 0).sort((a, b) => b.latestStart - a.latestStart);
	}

	async listRuns(options: { experiment?: string; pageToken?: string }): Promise<RunPage> {
		const experiments = (await readExperiments(this.store)).filter((e) => !options.experiment || e.name === options.experiment);
		const runs = (await Promise.all(experiments.map(readRuns))).flat();
		runs.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
		const start = Number(options.pageToken ?? 0);
		const next = start + pageSize;
		return { runs: runs.slice(start, next).map(toSummary), nextPageToken: next < runs.length ? String(next) : undefined };
	}

	async getRun(runId: string): Promise<RunDetails> {
		const run = await this.findRun(runId);
		const [params, tags] = await Promise.all([readKeyValues(run.dir, 'params'), readKeyValues(run.dir, 'tags')]);
		const summary = toSummary(run);
		return { ...summary, params, tags, warnings: [], error: summary.status === 'Failed' ? await failureOf(run, tags) : undefined };
	}

	async listLogFiles(runId: string): Promise<LogFile[]> {
		const artifacts = path.join((await this.findRun(runId)).dir, 'artifacts');
		const files: LogFile[] = [];
		for (const folder of logFolders) {
			for (const name of await listFilesUnder(path.join(artifacts, folder))) {
				const relative = `${folder}/${name}`;
				files.push({ name: relative, reader: new FileRangeReader(path.join(artifacts, ...relative.split('/'))) });
			}
		}
		return files;
	}

	async listEventFiles(runId: string): Promise<LogFile[]> {
		const artifacts = path.join((await this.findRun(runId)).dir, 'artifacts');
		const files: LogFile[] = [];
		for (const root of eventFileRoots) {
			for (const name of await listFilesUnder(path.join(artifacts, root))) {
				const relative = `${root}${name}`;
				if (isEventFileName(relative)) {
					files.push({ name: relative, reader: new FileRangeReader(path.join(artifacts, ...relative.split('/'))) });
				}
			}
		}
		return files;
	}

	async listMetricKeys(runId: string): Promise<string[]> {
		return readMetricKeys((await this.findRun(runId)).dir);
	}

	async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
		const points = await readMetric((await this.findRun(runId)).dir, key);
		// Array.prototype.sort is stable: points logged at the same step and time keep their order.
		return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
	}

	/**
	 * Asks the run's harness to stop through the store, so it works the same on every OS and from any
	 * window, also one opened after the run started. If the run has not ended after a grace period,
	 * its process tree is killed, but only when the recorded process id still names the harness.
	 */
	async cancel(runId: string): Promise<void> {
		const run = await this.findRun(runId);
		if (run.status !== 'RUNNING' && run.status !== 'SCHEDULED') {
			throw new Error(`Run ${runId} is not running (${run.status ?? 'unknown status'}).`);
		}
		await writeFile(path.join(run.dir, stopFileName), '');
		void this.forceIfStillRunning(runId);
	}

	/** Resolves once the run has ended or its harness was killed; never rejects. */
	async forceIfStillRunning(runId: string): Promise<void> {
		const deadline = Date.now() + (this.options.forceAfterMs ?? defaultForceAfterMs);
		try {
			while (Date.now() < deadline) {
				if (!(await this.isActive(runId))) {
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, stopPollMs).unref());
			}
			const run = await this.findRun(runId);
			if (run.status !== 'RUNNING' && run.status !== 'SCHEDULED') {
				return;
			}
			const tags = await readKeyValues(run.dir, 'tags');
			const pid = Number(tags[harnessPidTag]);
			const recorded = tags[harnessStartTag];
			if (recorded === undefined) {
				return; // Started by hand: its process cannot be told from a newcomer, so it is left alone.
			}
			const probe = this.options.probe;
			if ((await processStartToken(pid, probe)) === recorded) {
				await killProcessTree(pid, probe);
			}
			// Killed now, or gone before (a crash, a restart of the machine): nothing else will end the run.
			await markRunKilled(run.dir);
		} catch {
			// The run went (deleted) or the store cannot be read: nothing left to stop.
		}
	}

	private async isActive(runId: string): Promise<boolean> {
		const { status } = await this.findRun(runId);
		return status === 'RUNNING' || status === 'SCHEDULED';
	}

	/** The run's artifacts folder (outputs/, logs/, azureml-logs/), for registering what it wrote as a model. */
	async artifactsDir(runId: string): Promise<string> {
		return path.join((await this.findRun(runId)).dir, 'artifacts');
	}

	/** The files under the run's artifacts folder whose path starts with `prefix`, with their sizes. */
	async listArtifacts(runId: string, prefix: string, signal?: AbortSignal): Promise<RunArtifact[]> {
		const root = await this.artifactsDir(runId);
		const artifacts: RunArtifact[] = [];
		for (const key of await listFilesUnder(root)) {
			signal?.throwIfAborted();
			if (!key.startsWith(prefix)) {
				continue;
			}
			const file = path.join(root, ...key.split('/'));
			try {
				artifacts.push({ path: key, size: (await stat(file)).size, contentUri: pathToFileURL(file).href });
			} catch {
				// Removed since the folder was read.
			}
		}
		return artifacts.sort((a, b) => a.path.localeCompare(b.path));
	}

	artifactReader(_runId: string, artifact: RunArtifact): RangeReader {
		if (!artifact.contentUri?.startsWith('file:')) {
			throw new Error(`"${artifact.path}" is not a file of this machine.`);
		}
		return new FileRangeReader(fileURLToPath(artifact.contentUri));
	}

	/** A run's folder, from its id alone: run ids are unique across a store's experiments. */
	private async findRun(runId: string): Promise<StoredRun> {
		if (!/^[\w-]{1,256}$/.test(runId)) {
			throw new Error(`Invalid local run id: ${runId}`);
		}
		for (const experiment of await readExperiments(this.store)) {
			const run = await readRun(experiment, runId);
			if (run) {
				return run;
			}
		}
		throw Object.assign(new Error(`Local run ${runId} not found in ${this.store}`), { kind: 'notFound' });
	}
}

function toSummary(run: StoredRun): RunSummary {
	return {
		id: run.id,
		experiment: run.experiment.name,
		displayName: run.name || undefined,
		status: run.status ? statusMap[run.status] : 'Unknown',
		createdAt: run.startTime,
		startedAt: run.startTime,
		endedAt: run.endTime ?? undefined,
	};
}

/** What went wrong, as a user would put it: the exit code and the exception line closing the traceback. */
async function failureOf(run: StoredRun, tags: Record<string, string>): Promise<string> {
	const exitCode = tags[exitCodeTag];
	const lastError = await lastExceptionLine(path.join(run.dir, 'artifacts', 'azureml-logs', '70_driver_log.txt'));
	const parts = [exitCode !== undefined ? `Exit code ${exitCode}` : 'The run failed', lastError].filter(Boolean);
	return parts.join(': ');
}

async function lastExceptionLine(file: string): Promise<string | undefined> {
	let handle;
	try {
		handle = await open(file, 'r');
		const { size } = await handle.stat();
		const length = Math.min(size, 8192);
		const buffer = Buffer.alloc(length);
		await handle.read(buffer, 0, length, size - length);
		const lines = buffer.toString('utf8').split(/\r?\n/).filter((l) => l.trim());
		return [...lines].reverse().find((l) => /^[\w.]+(Error|Exception|Interrupt|Exit)\b/.test(l) || /^Script not found/.test(l));
	} catch {
		return undefined;
	} finally {
		await handle?.close();
	}
}
