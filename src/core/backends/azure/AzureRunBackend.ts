import type { JobBase } from '@azure/arm-machinelearning';
import { studioRunUrl } from '../../azure/clouds';
import { isAzureError } from '../../azure/errors';
import { getMetricHistory, getMlflowRun } from '../../azure/mlflow';
import { getRunDetails, type RunHistoryDetails } from '../../azure/runHistory';
import { SasRangeReader } from '../../azure/SasRangeReader';
import { isEventFileName } from '../../tfevents/eventFileNames';
import { serviceDefaultExperiment } from '../../jobs/names';
import { isJobStatus, type JobStatus, type LogFile, type MetricPoint, type RunBackend, type RunDetails, type RunPage, type RunSummary } from '../types';
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
		const [job, details, params] = await Promise.all([getJob(this.workspace, runId, signal), this.details(runId, signal), this.params(runId, signal)]);
		const summary = summaryOf(job);
		const studio = job.properties.services?.Studio?.endpoint ?? studioRunUrl(this.workspace.connection.cloud, this.workspace.armId, runId);
		return {
			...summary,
			status: details.status ? toStatus(details.status) : summary.status,
			startedAt: epoch(details.startTimeUtc),
			endedAt: epoch(details.endTimeUtc),
			error: details.error?.error?.message,
			warnings: (details.warnings ?? []).map((w) => w.message ?? '').filter((m) => m.length > 0),
			params,
			tags: Object.fromEntries(Object.entries(job.properties.tags ?? {}).map(([k, v]) => [k, v ?? ''])),
			studioUrl: studio,
		};
	}

	/** Each log file is read by byte range through its SAS URL; an expired SAS is renewed from run history once. */
	async listLogFiles(runId: string, signal?: AbortSignal): Promise<LogFile[]> {
		const details = await this.details(runId, signal);
		const http = this.workspace.connection.anonymousHttp;
		return Object.entries(details.logFiles ?? {})
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([name, url]) => ({
				name,
				reader: new SasRangeReader(http, url, name, async (renewSignal) => (await this.details(runId, renewSignal)).logFiles?.[name]),
			}));
	}

	/** Azure ML syncs logs/ to the run's artifacts while it runs, and run history lists them with the logs. */
	async listEventFiles(runId: string, signal?: AbortSignal): Promise<LogFile[]> {
		return (await this.listLogFiles(runId, signal)).filter((file) => isEventFileName(file.name));
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

	private async details(runId: string, signal?: AbortSignal): Promise<RunHistoryDetails> {
		return getRunDetails(this.workspace.connection.http, await this.workspace.apiBase(signal), this.workspace.ref, runId, signal);
	}

	/** Logged parameters; a run MLflow does not know (e.g. still queued) simply has none yet. */
	private async params(runId: string, signal?: AbortSignal): Promise<Record<string, string>> {
		try {
			const run = await getMlflowRun(this.workspace.connection.http, await this.workspace.mlflowBase(signal), runId, signal);
			return Object.fromEntries((run.data?.params ?? []).map((p) => [p.key, p.value]));
		} catch (error) {
			if (isAzureError(error, 'azure.notFound')) {
				return {};
			}
			throw error;
		}
	}
}
