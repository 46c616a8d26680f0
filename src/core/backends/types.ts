// The one interface for a workspace's runs: the Azure backend (jobs through ARM, run history and
// MLflow) and the local backend (runs in an MLflow file store written by python/run_local.py)
// both implement it, so the tree, log streaming and metric charts work the same on both.
import type { RunArtifact } from '../artifacts/runArtifacts';

/** Azure ML job statuses (KnownJobStatus); local runs map onto the same values. The one list of them. */
export const jobStatuses = [
	'NotStarted',
	'Starting',
	'Provisioning',
	'Preparing',
	'Queued',
	'Running',
	'Finalizing',
	'CancelRequested',
	'Completed',
	'Failed',
	'Canceled',
	'NotResponding',
	'Paused',
	'Unknown',
] as const;

export type JobStatus = (typeof jobStatuses)[number];

const known: ReadonlySet<unknown> = new Set(jobStatuses);

/** Whether a status the service (or a webview message) sent is one of ours. */
export function isJobStatus(value: unknown): value is JobStatus {
	return known.has(value);
}

const terminal: ReadonlySet<JobStatus> = new Set(['Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused']);

/** Terminal as the run-history service defines it: nothing more will be written. */
export function isTerminal(status: JobStatus): boolean {
	return terminal.has(status);
}

export interface RunSummary {
	/** The job name on Azure (also the MLflow run id); the MLflow run id locally. */
	readonly id: string;
	readonly experiment: string;
	readonly displayName?: string;
	readonly status: JobStatus;
	/** Epoch milliseconds. */
	readonly createdAt?: number;
	readonly startedAt?: number;
	readonly endedAt?: number;
}

export interface RunDetails extends RunSummary {
	/** The service's error message for a failed run. */
	readonly error?: string;
	readonly warnings: readonly string[];
	readonly params: Readonly<Record<string, string>>;
	readonly tags: Readonly<Record<string, string>>;
	/** Azure ML studio page of the job; absent for local runs. */
	readonly studioUrl?: string;
	/** The run's log files as this read saw them, when the read brings them (Azure run history does). */
	readonly logFiles?: readonly LogFile[];
	/**
	 * The latest point of each metric, when the read brings them (MLflow `runs/get` does): a view
	 * fetches a metric's history again only when its latest point changed.
	 */
	readonly latestMetrics?: Readonly<Record<string, MetricPoint>>;
}

export interface RunPage {
	readonly runs: readonly RunSummary[];
	/** Pass back to get the next page; absent on the last page. */
	readonly nextPageToken?: string;
}

/** One ranged read of a log file: the bytes from the offset asked for to the current end. */
export interface RangeRead {
	readonly bytes: Uint8Array;
	/** The file's size now, when the source says (Content-Range total, stat size). */
	readonly size?: number;
	/**
	 * Changes when the file is replaced (deleted and written anew), never when it is appended to:
	 * a blob's creation time, a local file's inode. (A blob's ETag changes on every append.)
	 */
	readonly generation?: string;
}

/** Reads a growing log file by byte offset; an offset at the end gives zero bytes, never an error. */
export interface RangeReader {
	/** `maxBytes` caps the read, so a large file can be read in bounded chunks; without it, to the current end. */
	read(offset: number, signal?: AbortSignal, maxBytes?: number): Promise<RangeRead>;
}

export interface LogFile {
	/** Relative name, e.g. `azureml-logs/70_driver_log.txt` or `user_logs/std_log_process_1.txt`. */
	readonly name: string;
	readonly reader: RangeReader;
}

export interface MetricPoint {
	readonly step: number;
	readonly value: number;
	/** Epoch milliseconds. */
	readonly timestamp: number;
}

export interface RunBackend {
	readonly kind: 'local' | 'azure';
	/**
	 * Stable identity of the workspace this backend reads (the ARM workspace resource id; the local
	 * store's folder). Views that survive a window reload (the metric charts) store it with a run id
	 * and find the backend again through a resolver registered for `kind`. Without it they cannot reopen.
	 */
	readonly workspaceId?: string;
	/** Runs newest first, one page at a time (never all pages at once). */
	listRuns(options: { experiment?: string; pageToken?: string }, signal?: AbortSignal): Promise<RunPage>;
	getRun(runId: string, signal?: AbortSignal): Promise<RunDetails>;
	/**
	 * What a status poll needs (status, times, error, log files, latest metrics) in fewer requests
	 * than getRun; names and tags may be as of an earlier read. Without it, polls call getRun.
	 */
	pollRun?(runId: string, signal?: AbortSignal): Promise<RunDetails>;
	/** The run's log files as they are now; call again to see new ones. */
	listLogFiles(runId: string, signal?: AbortSignal): Promise<LogFile[]>;
	/**
	 * The run's TensorBoard event files under logs/ and outputs/ (any depth) as they are now, read
	 * by byte offset like the log files; call again to see new ones.
	 */
	listEventFiles(runId: string, signal?: AbortSignal): Promise<LogFile[]>;
	listMetricKeys(runId: string, signal?: AbortSignal): Promise<string[]>;
	/** The whole history of one metric, in logging order (step, then time, ties kept in order). */
	getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]>;
	cancel(runId: string, signal?: AbortSignal): Promise<void>;
	/** The run's artifacts (outputs/, logs/, …) whose path starts with `prefix` ('' for all), every page. */
	listArtifacts?(runId: string, prefix: string, signal?: AbortSignal): Promise<RunArtifact[]>;
	/** Reads one artifact by byte offset, as log files are read. */
	artifactReader?(runId: string, artifact: RunArtifact): RangeReader;
}
