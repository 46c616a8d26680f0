import { isTerminal, type JobStatus, type MetricPoint, type RunBackend } from '../backends/types';
import type { Logger } from '../logger';
import { RunEventFiles } from '../tfevents/RunEventFiles';
import type { OtherSummary } from '../tfevents/ScalarSeries';
import { compareHistory } from './incremental';
import { orderHistory } from './ordering';
import { SeriesColumns } from './SeriesColumns';

export interface FeedRun {
	/** The panel's id for the run. */
	readonly id: string;
	readonly backend: RunBackend;
	readonly runId: string;
}

export interface FeedRunState {
	readonly status?: JobStatus;
	readonly startedAt?: number;
	/** Still refreshed: not terminal, not given up on. */
	readonly live: boolean;
	/** Before the first load finished. */
	readonly loading: boolean;
	readonly error?: string;
}

/** A series changed: `replace` means everything in `columns`, `append` the points from `from` on. */
export type SeriesChange = { readonly kind: 'replace' } | { readonly kind: 'append'; readonly from: number };

export interface FeedListener {
	onRunState(id: string, state: FeedRunState): void;
	onSeries(id: string, key: string, change: SeriesChange, columns: SeriesColumns): void;
	/**
	 * A folder of the run's TensorBoard event files appeared, or its non-scalar summaries changed:
	 * the folder's scalars come as series of `id` (one series per folder, so Keras' train/ and
	 * validation/ curves of a tag share its chart), and `others` are what is not charted.
	 */
	onEventFolder?(parent: string, id: string, folder: string, others: ReadonlyMap<string, OtherSummary>): void;
}

/** The series id of a run's event-file folder. */
export function eventFolderId(run: string, folder: string): string {
	return `${run}#${folder}`;
}

export interface FeedOptions {
	/** Pause between refreshes of active runs. */
	readonly intervalMs?: number;
	readonly logger: Logger;
}

/** Refreshes in a row that may fail before a run is no longer refreshed. */
const maxFailures = 5;
/** Histories fetched at once per run: Azure serves each one in pages, one request at a time. */
const keyConcurrency = 4;

interface RunEntry {
	readonly run: FeedRun;
	state: FeedRunState;
	readonly series: Map<string, SeriesColumns>;
	readonly keyErrors: Map<string, string>;
	failures: number;
	loaded: boolean;
	events?: RunEventFiles;
}

/**
 * Loads every metric of a set of runs through their RunBackend and keeps them current while any
 * is active: a refresh every few seconds fetches the histories again and passes on only the
 * points that are new. A run's status is read before its histories, so the refresh that first
 * sees a terminal status also gets its last points, and is its last. Refreshing stops when every
 * run is terminal (or failed too often) and while the feed is paused (the panel is hidden).
 */
export class MetricsFeed {
	private readonly entries: RunEntry[];
	private readonly intervalMs: number;
	private readonly abort = new AbortController();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private refreshing: Promise<void> | undefined;
	private paused = false;
	private lastRefreshMs = 0;

	constructor(
		runs: readonly FeedRun[],
		private readonly listener: FeedListener,
		private readonly options: FeedOptions,
	) {
		this.intervalMs = options.intervalMs ?? 3_000;
		this.entries = runs.map((run) => ({
			run,
			state: { live: true, loading: true },
			series: new Map(),
			keyErrors: new Map(),
			failures: 0,
			loaded: false,
		}));
	}

	/** Loads everything once, then keeps refreshing while a run is active. Resolves after the first load. */
	start(): Promise<void> {
		return this.refresh();
	}

	/** Paused, nothing is fetched; resuming refreshes at once. */
	setPaused(paused: boolean): void {
		if (paused === this.paused) {
			return;
		}
		this.paused = paused;
		this.clearTimer();
		if (!paused && !this.refreshing) {
			void this.refresh();
		}
	}

	get isPolling(): boolean {
		return this.timer !== undefined || this.refreshing !== undefined;
	}

	/** Every run with its state and series, for a webview that starts empty and for CSV export. */
	snapshot(): { id: string; state: FeedRunState; series: ReadonlyMap<string, SeriesColumns> }[] {
		return this.entries.flatMap((e) => [
			{ id: e.run.id, state: e.state, series: e.series },
			...(e.events?.snapshot() ?? []).map((f) => ({ id: eventFolderId(e.run.id, f.folder), state: e.state, series: f.series })),
		]);
	}

	dispose(): void {
		this.abort.abort();
		this.clearTimer();
	}

	private async refresh(): Promise<void> {
		const live = this.entries.filter((e) => e.state.live);
		if (this.abort.signal.aborted || live.length === 0) {
			return;
		}
		const started = Date.now();
		this.refreshing = Promise.all(live.map((e) => this.refreshRun(e))).then(() => undefined);
		await this.refreshing;
		this.refreshing = undefined;
		this.lastRefreshMs = Date.now() - started;
		this.schedule();
	}

	/** The next refresh waits at least twice as long as the last one took, so slow backends are not hammered. */
	private schedule(): void {
		if (this.paused || this.abort.signal.aborted || this.timer || !this.entries.some((e) => e.state.live)) {
			return;
		}
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.refresh();
		}, Math.max(this.intervalMs, 2 * this.lastRefreshMs));
	}

	private clearTimer(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	private async refreshRun(entry: RunEntry): Promise<void> {
		const { backend, runId } = entry.run;
		const signal = this.abort.signal;
		try {
			const details = await backend.getRun(runId, signal);
			const keys = await backend.listMetricKeys(runId, signal);
			await forEach(keys, keyConcurrency, (key) => this.refreshKey(entry, key));
			await this.refreshEventFiles(entry);
			entry.failures = 0;
			entry.loaded = true;
			this.setState(entry, {
				status: details.status,
				startedAt: details.startedAt ?? details.createdAt,
				live: !isTerminal(details.status),
				loading: false,
				error: keyErrorText(entry.keyErrors),
			});
		} catch (error) {
			if (signal.aborted) {
				return;
			}
			entry.failures++;
			const message = errorMessage(error);
			this.options.logger.warn(`Metrics of run ${runId}: ${message}`);
			// A run that never loaded is not retried: it is most likely not there (deleted, wrong workspace).
			const giveUp = !entry.loaded || entry.failures >= maxFailures;
			this.setState(entry, {
				...entry.state,
				live: !giveUp,
				loading: false,
				error: !entry.loaded ? message : giveUp ? `Stopped refreshing after ${maxFailures} failures: ${message}` : `Refresh failed, retrying: ${message}`,
			});
		}
	}

	/** A metric that cannot be read is reported on its run; the run's other metrics still draw. */
	private async refreshKey(entry: RunEntry, key: string): Promise<void> {
		let history: MetricPoint[];
		try {
			history = await entry.run.backend.getMetricHistory(entry.run.runId, key, this.abort.signal);
		} catch (error) {
			if (this.abort.signal.aborted) {
				throw error;
			}
			entry.keyErrors.set(key, errorMessage(error));
			return;
		}
		entry.keyErrors.delete(key);
		// A point without a finite step or time has no place on any axis (a damaged store line).
		const usable = history.filter((p) => Number.isFinite(p.step) && Number.isFinite(p.timestamp));
		const ordered = orderHistory(usable);
		const shown = entry.series.get(key);
		const change = shown ? compareHistory(shown, ordered) : ({ kind: 'replace' } as const);
		if (change.kind === 'unchanged') {
			return;
		}
		if (change.kind === 'append' && shown) {
			shown.appendPoints(ordered, change.from);
			this.listener.onSeries(entry.run.id, key, change, shown);
			return;
		}
		const columns = SeriesColumns.fromPoints(ordered);
		entry.series.set(key, columns);
		this.listener.onSeries(entry.run.id, key, { kind: 'replace' }, columns);
	}

	/** Event files that cannot be read are reported on the run, as a metric would be; its other series still draw. */
	private async refreshEventFiles(entry: RunEntry): Promise<void> {
		const { backend, runId, id } = entry.run;
		entry.events ??= new RunEventFiles(
			(signal) => backend.listEventFiles(runId, signal),
			(message) => this.options.logger.warn(message),
		);
		let updates;
		try {
			updates = await entry.events.refresh(this.abort.signal);
		} catch (error) {
			if (this.abort.signal.aborted) {
				throw error;
			}
			entry.keyErrors.set('TensorBoard event files', errorMessage(error));
			return;
		}
		entry.keyErrors.delete('TensorBoard event files');
		for (const update of updates) {
			const folderId = eventFolderId(id, update.folder);
			if (update.others) {
				this.listener.onEventFolder?.(id, folderId, update.folder, update.others);
			}
			for (const [tag, { change, columns }] of update.series) {
				this.listener.onSeries(folderId, tag, change, columns);
			}
		}
	}

	private setState(entry: RunEntry, state: FeedRunState): void {
		const before = entry.state;
		entry.state = state;
		if (
			before.status !== state.status ||
			before.startedAt !== state.startedAt ||
			before.live !== state.live ||
			before.loading !== state.loading ||
			before.error !== state.error
		) {
			this.listener.onRunState(entry.run.id, state);
		}
	}
}

function keyErrorText(errors: ReadonlyMap<string, string>): string | undefined {
	return errors.size ? [...errors].map(([key, message]) => `Could not read ${key}: ${message}`).join('\n') : undefined;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Runs fn over items, at most `limit` at a time. */
async function forEach<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			await fn(items[next++]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
