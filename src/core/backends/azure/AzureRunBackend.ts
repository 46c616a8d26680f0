import type { JobBase } from '@azure/arm-machinelearning';
import { studioRunUrl } from '../../azure/clouds';
import { isAzureError } from '../../azure/errors';
import { getMetricHistory, getMlflowRun, type MlflowRun } from '../../azure/mlflow';
import { getRunDetails, type RunHistoryDetails } from '../../azure/runHistory';
import { listRunArtifacts } from '../../azure/runArtifacts';
import type { RunArtifact } from '../../artifacts/runArtifacts';
import { SasRangeReader } from '../../azure/SasRangeReader';
import { isEventFileName } from '../../tfevents/eventFileNames';
import { serviceDefaultExperiment } from '../../jobs/names';
import { isJobStatus, isTerminal, type JobStatus, type LogFile, type MetricPoint, type RangeReader, type RunBackend, type RunDetails, type RunPage, type RunSummary } from '../types';
import type { AzureWorkspace } from './AzureWorkspace';
import { cancelJob, getJob, listJobs } from './jobs';

function toStatus(status: string | undefined): JobStatus {
	return isJobStatus(status) ? status : 'Unknown';
}

function epoch(value: Date | string | undefined | null): number | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	return Number.isFinite(ms) ? ms : undefined;
}

function summaryOf(job: JobBase): RunSummary {
	return {
		id: job.name ?? '',
		experiment: job.properties.experimentName ?? serviceDefaultExperiment,
		displayName: job.properties.displayName,
		status: toStatus(job.properties.status),
		createdAt: epoch(job.systemData?.createdAt),
	};
}

/**
 * The runs of one Azure ML workspace: jobs through ARM, status, errors and log files through run
 * history, metrics through MLflow.
 */
export class AzureRunBackend implements RunBackend {
	readonly kind = 'azure';
	readonly workspaceId: string;
	/** The job resource of each run being polled, from its first read. */
	private readonly jobs = new Map<string, JobBase>();

	constructor(readonly workspace: AzureWorkspace) {
		this.workspaceId = workspace.armId;
	}

	/**
	 * Newest first as the service orders them. The experiment filter applies within each page (the
	 * service cannot filter by experiment), so a page may hold fewer runs than the service sent.
	 */
	async listRuns(options: { experiment?: string; pageToken?: string }, signal?: AbortSignal): Promise<RunPage> {
		const page = await listJobs(this.workspace, options.pageToken, signal);
		const runs = page.items.map(summaryOf).filter((run) => !options.experiment || run.experiment === options.experiment);
		return { runs, nextPageToken: page.nextPageToken };
	}

	async getRun(runId: string, signal?: AbortSignal): Promise<RunDetails> {
		const [job, details, mlflowRun] = await Promise.all([getJob(this.workspace, runId, signal), this.details(runId, signal), this.mlflowRun(runId, signal)]);
		const run = this.toDetails(runId, job, details, mlflowRun);
		if (isTerminal(run.status)) {
			this.jobs.delete(runId);
		} else {
			this.jobs.set(runId, job);
		}
		return run;
	}

	/**
	 * Run history and MLflow only (two requests): the job resource, whose name, experiment and tags
	 * a poll does not need fresh, is read once per run, and dropped once the run is terminal.
	 */
	async pollRun(runId: string, signal?: AbortSignal): Promise<RunDetails> {
		const job = this.jobs.get(runId);
		if (!job) {
			return this.getRun(runId, signal);
		}
		const [details, mlflowRun] = await Promise.all([this.details(runId, signal), this.mlflowRun(runId, signal)]);
		const run = this.toDetails(runId, job, details, mlflowRun);
		if (isTerminal(run.status)) {
			this.jobs.delete(runId);
		}
		return run;
	}

	/** Each log file is read by byte range through its SAS URL; an expired SAS is renewed from run history once. */
	async listLogFiles(runId: string, signal?: AbortSignal): Promise<LogFile[]> {
		return this.logFilesOf(runId, await this.details(runId, signal));
	}

	/**
	 * Azure ML syncs logs/ to the run's artifacts while it runs, and run history lists them with the
	 * logs; outputs/ is not among them, so its event files come from the run's artifacts (one listing
	 * by prefix, every page). A file listed both ways is read once, through the logs' listing.
	 */
	async listEventFiles(runId: string, signal?: AbortSignal): Promise<LogFile[]> {
		const [logs, outputs] = await Promise.all([this.listLogFiles(runId, signal), this.listArtifacts(runId, 'outputs/', signal)]);
		const fromLogs = logs.filter((file) => isEventFileName(file.name));
		const listed = new Set(fromLogs.map((file) => file.name));
		const fromOutputs = outputs
			.filter((artifact) => isEventFileName(artifact.path) && artifact.contentUri && !listed.has(artifact.path))
			.map((artifact) => ({ name: artifact.path, reader: this.artifactReader(runId, artifact) }));
		return [...fromLogs, ...fromOutputs];
	}

	async listMetricKeys(runId: string, signal?: AbortSignal): Promise<string[]> {
		const run = await getMlflowRun(this.workspace.connection.http, await this.workspace.mlflowBase(signal), runId, signal);
		return [...new Set((run.data?.metrics ?? []).map((m) => m.key))].sort((a, b) => a.localeCompare(b));
	}

	async getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
		const metrics = await getMetricHistory(this.workspace.connection.http, await this.workspace.mlflowBase(signal), runId, key, signal);
		const points = metrics.map((m) => ({ step: Number(m.step ?? 0), value: Number(m.value), timestamp: Number(m.timestamp) }));
		// Array.prototype.sort is stable: points logged with the same step and time keep their order.
		return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
	}

	cancel(runId: string, signal?: AbortSignal): Promise<void> {
		return cancelJob(this.workspace, runId, signal);
	}

	/** Run history lists artifacts per experiment, so the job resource is read once for its experiment. */
	async listArtifacts(runId: string, prefix: string, signal?: AbortSignal): Promise<RunArtifact[]> {
		const experiment = await this.experimentOf(runId, signal);
		return listRunArtifacts(this.workspace.connection.http, await this.workspace.apiBase(signal), this.workspace.ref, experiment, runId, prefix, signal);
	}

	/** Reads through the artifact's SAS URL; an expired one is listed afresh once. */
	artifactReader(runId: string, artifact: RunArtifact): RangeReader {
		if (!artifact.contentUri) {
			throw new Error(`Run history gave no download address for "${artifact.path}".`);
		}
		return new SasRangeReader(this.workspace.connection.anonymousHttp, artifact.contentUri, artifact.path, async (signal) => {
			const fresh = await this.listArtifacts(runId, artifact.path, signal);
			return fresh.find((a) => a.path === artifact.path)?.contentUri;
		});
	}

	private readonly experiments = new Map<string, string>();

	private async experimentOf(runId: string, signal?: AbortSignal): Promise<string> {
		// A run being polled has its job resource at hand: no request for the experiment then.
		let experiment = this.experiments.get(runId);
		if (experiment === undefined) {
			const job = this.jobs.get(runId) ?? (await getJob(this.workspace, runId, signal));
			experiment = summaryOf(job).experiment;
			this.experiments.set(runId, experiment);
		}
		return experiment;
	}

	private async details(runId: string, signal?: AbortSignal): Promise<RunHistoryDetails> {
		return getRunDetails(this.workspace.connection.http, await this.workspace.apiBase(signal), this.workspace.ref, runId, signal);
	}

	/** The run as MLflow has it (params, latest metrics); a run MLflow does not know (e.g. still queued) has none yet. */
	private async mlflowRun(runId: string, signal?: AbortSignal): Promise<MlflowRun | undefined> {
		try {
			return await getMlflowRun(this.workspace.connection.http, await this.workspace.mlflowBase(signal), runId, signal);
		} catch (error) {
			if (isAzureError(error, 'azure.notFound')) {
				return undefined;
			}
			throw error;
		}
	}

	private toDetails(runId: string, job: JobBase, details: RunHistoryDetails, mlflowRun: MlflowRun | undefined): RunDetails {
		const summary = summaryOf(job);
		const studio = job.properties.services?.Studio?.endpoint ?? studioRunUrl(this.workspace.connection.cloud, this.workspace.armId, runId);
		const latestMetrics: Record<string, MetricPoint> = {};
		for (const m of mlflowRun?.data?.metrics ?? []) {
			latestMetrics[m.key] = { step: Number(m.step ?? 0), value: Number(m.value), timestamp: Number(m.timestamp) };
		}
		return {
			...summary,
			status: details.status ? toStatus(details.status) : summary.status,
			startedAt: epoch(details.startTimeUtc),
			endedAt: epoch(details.endTimeUtc),
			error: details.error?.error?.message,
			warnings: (details.warnings ?? []).map((w) => w.message ?? '').filter((m) => m.length > 0),
			params: Object.fromEntries((mlflowRun?.data?.params ?? []).map((p) => [p.key, p.value])),
			tags: Object.fromEntries(Object.entries(job.properties.tags ?? {}).map(([k, v]) => [k, v ?? ''])),
			studioUrl: studio,
			logFiles: this.logFilesOf(runId, details),
			latestMetrics,
		};
	}

	private logFilesOf(runId: string, details: RunHistoryDetails): LogFile[] {
		const http = this.workspace.connection.anonymousHttp;
		return Object.entries(details.logFiles ?? {})
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([name, url]) => ({
				name,
				reader: new SasRangeReader(http, url, name, async (renewSignal) => (await this.details(runId, renewSignal)).logFiles?.[name]),
			}));
	}
}
