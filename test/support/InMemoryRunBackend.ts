// A RunBackend over runs held in memory, for tests and benchmarks: the test decides what each run
// holds and when it changes (points logged while it is active, then a terminal status), and can
// make calls fail. Histories are served in pages through fetchAllPages, as the Azure backend does.
import type { JobStatus, LogFile, MetricPoint, RunBackend, RunDetails, RunPage } from '../../src/core/backends/types';
import { fetchAllPages } from '../../src/core/metrics/paging';

interface StoredRun {
	status: JobStatus;
	readonly createdAt: number;
	readonly metrics: Map<string, MetricPoint[]>;
}

export class InMemoryRunBackend implements RunBackend {
	private readonly runs = new Map<string, StoredRun>();
	private readonly failures: { runId: string; key?: string; error: Error }[] = [];
	private readonly eventFiles = new Map<string, LogFile[]>();
	/** Calls made, by method, so tests can see when polling stopped. */
	readonly calls = { getRun: 0, listMetricKeys: 0, getMetricHistory: 0 };

	constructor(
		readonly kind: 'local' | 'azure' = 'local',
		readonly workspaceId: string | undefined = 'memory://workspace',
		private readonly pageSize = 1000,
	) {}

	addRun(runId: string, status: JobStatus = 'Running', createdAt = Date.now()): this {
		this.runs.set(runId, { status, createdAt, metrics: new Map() });
		return this;
	}

	/** Logs points under a key, as a training script would. */
	log(runId: string, key: string, points: readonly MetricPoint[]): this {
		const run = this.run(runId);
		run.metrics.set(key, [...(run.metrics.get(key) ?? []), ...points]);
		return this;
	}

	setStatus(runId: string, status: JobStatus): this {
		this.run(runId).status = status;
		return this;
	}

	/** The next call for the run (and key, when given) fails with this error. */
	failNext(runId: string, error: Error, key?: string): this {
		this.failures.push({ runId, key, error });
		return this;
	}

	listRuns(): Promise<RunPage> {
		return Promise.resolve({ runs: [...this.runs].map(([id, r]) => ({ id, experiment: 'memory', status: r.status, createdAt: r.createdAt })) });
	}

	getRun(runId: string): Promise<RunDetails> {
		this.calls.getRun++;
		return this.attempt(runId, undefined, () => {
			const run = this.run(runId);
			// Each metric's latest point, as MLflow's runs/get brings them with an Azure run.
			const latestMetrics = Object.fromEntries([...run.metrics].filter(([, points]) => points.length > 0).map(([key, points]) => [key, points[points.length - 1]]));
			return { id: runId, experiment: 'memory', status: run.status, createdAt: run.createdAt, startedAt: run.createdAt, warnings: [], params: {}, tags: {}, latestMetrics };
		});
	}

	listLogFiles(): Promise<LogFile[]> {
		return Promise.resolve([]);
	}

	/** Adds an event file to a run (its reader decides what it holds as it grows). */
	addEventFile(runId: string, file: LogFile): this {
		this.eventFiles.set(runId, [...(this.eventFiles.get(runId) ?? []), file]);
		return this;
	}

	listEventFiles(runId: string): Promise<LogFile[]> {
		return Promise.resolve([...(this.eventFiles.get(runId) ?? [])]);
	}

	listMetricKeys(runId: string): Promise<string[]> {
		this.calls.listMetricKeys++;
		return this.attempt(runId, undefined, () => [...this.run(runId).metrics.keys()]);
	}

	async getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
		this.calls.getMetricHistory++;
		const history = await this.attempt(runId, key, () => {
			const points = this.run(runId).metrics.get(key);
			if (!points) {
				throw new Error(`Run ${runId} has no metric ${key}`);
			}
			return [...points];
		});
		return fetchAllPages((token) => {
			const start = Number(token ?? 0);
			const next = start + this.pageSize;
			return Promise.resolve({ items: history.slice(start, next), nextPageToken: next < history.length ? String(next) : undefined });
		}, signal);
	}

	cancel(runId: string): Promise<void> {
		this.setStatus(runId, 'Canceled');
		return Promise.resolve();
	}

	private attempt<T>(runId: string, key: string | undefined, read: () => T): Promise<T> {
		const index = this.failures.findIndex((f) => f.runId === runId && (f.key === undefined || f.key === key));
		if (index >= 0) {
			const [failure] = this.failures.splice(index, 1);
			return Promise.reject(failure.error);
		}
		try {
			return Promise.resolve(read());
		} catch (error) {
			return Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}
	}

	private run(runId: string): StoredRun {
		const run = this.runs.get(runId);
		if (!run) {
			throw new Error(`No run ${runId}`);
		}
		return run;
	}
}

/** Points of a plausible training curve: steps from..to-1, loss falling with some noise. */
export function trainingCurve(from: number, to: number, options: { start?: number; t0?: number; stepMs?: number; seed?: number } = {}): MetricPoint[] {
	const { start = 2.5, t0 = Date.now(), stepMs = 1000, seed = 1 } = options;
	return Array.from({ length: to - from }, (_, i) => {
		const step = from + i;
		const noise = Math.sin(step * 12.9898 * seed) * 43758.5453;
		return { step, timestamp: t0 + step * stepMs, value: start * Math.exp(-step / 40) + 0.08 * (noise - Math.floor(noise)) };
	});
}
