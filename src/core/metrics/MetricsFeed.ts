import { isTerminal, type JobStatus, type MetricPoint, type RunBackend, type RunDetails } from '../backends/types';
import type { Logger } from '../logger';
import { RunEventFiles } from '../tfevents/RunEventFiles';
import type { OtherSummary } from '../tfevents/ScalarSeries';
import type { RunStatusFeed } from '../runs/RunStatusHub';
import { compareHistory } from './incremental';
import { orderHistory } from './ordering';
import { SeriesColumns } from './SeriesColumns';

export interface FeedRun {
	/** The panel's id for the run. */
	readonly id: string;
	readonly backend: RunBackend;
	readonly runId: string;
	/**
	 * The run's shared status poll. With it the feed makes no status requests of its own and, when
	 * the poll brings each metric's latest point, fetches only the histories whose latest point moved.
	 */
	readonly status?: RunStatusFeed;
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
	/**
	 * With a status poll: the shortest time between two history fetches of a live run. A metric
	 * that moved meanwhile is fetched at the first poll after it; a terminal run's last points at once.
	 */
	readonly historyIntervalMs?: number;
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
	/** Each metric's latest point when its history was last fetched. */
	readonly latest: Map<string, MetricPoint>;
	/** When histories were last fetched because the status poll showed them move. */
	historyAt: number;
	subscription?: { dispose(): void };
	/** A status from the poll not taken yet, and whether one is being taken. */
	pending?: RunDetails;
	busy: boolean;
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
			latest: new Map(),
			historyAt: Number.NEGATIVE_INFINITY,
			busy: false,
		}));
	}

	/** Loads everything once, then keeps refreshing while a run is active. Resolves after the first load. */
	start(): Promise<void> {
		this.subscribe();
		return this.refresh();
	}

	/** Paused, nothing is fetched; resuming refreshes at once. */
	setPaused(paused: boolean): void {
		if (paused === this.paused) {
			return;
		}
		this.paused = paused;
		this.clearTimer();
		if (paused) {
			this.unsubscribe();
		} else {
			this.subscribe();
			if (!this.refreshing) {
				void this.refresh();
			}
		}
	}

	get isPolling(): boolean {
		return this.timer !== undefined || this.refreshing !== undefined || this.entries.some((e) => e.subscription !== undefined || e.busy);
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
		this.unsubscribe();
	}

	/** Follows the status polls of the live runs that have one; each poll refreshes its run. */
	private subscribe(): void {
		for (const entry of this.entries) {
			const feed = entry.run.status;
			if (!feed || entry.subscription || !entry.state.live || this.paused || this.abort.signal.aborted) {
				continue;
			}
			entry.subscription = feed.subscribe({
				onRun: (run) => {
					entry.pending = run;
					void this.takeStatus(entry);
				},
				onError: (error) => this.failed(entry, error),
			});
		}
	}

	private unsubscribe(entry?: RunEntry): void {
		for (const e of entry ? [entry] : this.entries) {
			e.subscription?.dispose();
			e.subscription = undefined;
		}
	}

	/** Refreshes the run with the newest status its poll brought, one at a time. */
	private async takeStatus(entry: RunEntry): Promise<void> {
		if (entry.busy) {
			return;
		}
		entry.busy = true;
		try {
			while (entry.pending && entry.state.live && !this.abort.signal.aborted) {
				const run = entry.pending;
				entry.pending = undefined;
				await this.refreshRun(entry, run);
			}
		} finally {
			entry.busy = false;
		}
		if (!entry.state.live) {
			this.unsubscribe(entry);
		}
	}

	/** The runs without a status poll of their own, refreshed on the feed's timer. */
	private async refresh(): Promise<void> {
		const live = this.entries.filter((e) => e.state.live && !e.run.status);
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
		if (this.paused || this.abort.signal.aborted || this.timer || !this.entries.some((e) => e.state.live && !e.run.status)) {
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

	/**
	 * Reads the run's status (or takes the one its poll brought), then the histories: every metric's,
	 * or, when the status carries each metric's latest point, only those whose latest point moved.
	 */
	private async refreshRun(entry: RunEntry, polled?: RunDetails): Promise<void> {
		const { backend, runId } = entry.run;
		const signal = this.abort.signal;
		try {
			const details = polled ?? (await backend.getRun(runId, signal));
			const latest = polled?.latestMetrics;
			const now = Date.now();
			const due = isTerminal(details.status) || now - entry.historyAt >= (this.options.historyIntervalMs ?? 10_000);
			const moved = latest ? Object.keys(latest).filter((key) => entry.keyErrors.has(key) || !sameLatest(entry.latest.get(key), latest[key])) : [];
			const keys = latest ? (due ? moved : []) : await backend.listMetricKeys(runId, signal);
			if (latest && keys.length > 0) {
				entry.historyAt = now;
			}
			await forEach(keys, keyConcurrency, async (key) => {
				if ((await this.refreshKey(entry, key)) && latest) {
					entry.latest.set(key, latest[key]);
				}
			});
			// Event files follow the history's cadence on a polled backend: listing them costs a request there.
			if (due || !latest) {
				await this.refreshEventFiles(entry);
			}
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
			this.failed(entry, error);
		}
	}

	private failed(entry: RunEntry, error: unknown): void {
		entry.failures++;
		const message = errorMessage(error);
		this.options.logger.warn(`Metrics of run ${entry.run.runId}: ${message}`);
		// A run that never loaded is not retried: it is most likely not there (deleted, wrong workspace).
		const giveUp = !entry.loaded || entry.failures >= maxFailures;
		this.setState(entry, {
			...entry.state,
			live: !giveUp,
			loading: false,
			error: !entry.loaded ? message : giveUp ? `Stopped refreshing after ${maxFailures} failures: ${message}` : `Refresh failed, retrying: ${message}`,
		});
		if (giveUp) {
			this.unsubscribe(entry);
		}
	}

	/** A metric that cannot be read is reported on its run; the run's other metrics still draw. */
	private async refreshKey(entry: RunEntry, key: string): Promise<boolean> {
		let history: MetricPoint[];
		try {
			history = await entry.run.backend.getMetricHistory(entry.run.runId, key, this.abort.signal);
		} catch (error) {
			if (this.abort.signal.aborted) {
				throw error;
			}
			entry.keyErrors.set(key, errorMessage(error));
			return false;
		}
		entry.keyErrors.delete(key);
		// A point without a finite step or time has no place on any axis (a damaged store line).
		const usable = history.filter((p) => Number.isFinite(p.step) && Number.isFinite(p.timestamp));
		const ordered = orderHistory(usable);
		const shown = entry.series.get(key);
		const change = shown ? compareHistory(shown, ordered) : ({ kind: 'replace' } as const);
		if (change.kind === 'unchanged') {
			return true;
		}
		if (change.kind === 'append' && shown) {
			shown.appendPoints(ordered, change.from);
			this.listener.onSeries(entry.run.id, key, change, shown);
			return true;
		}
		const columns = SeriesColumns.fromPoints(ordered);
		entry.series.set(key, columns);
		this.listener.onSeries(entry.run.id, key, { kind: 'replace' }, columns);
		return true;
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

function sameLatest(a: MetricPoint | undefined, b: MetricPoint): boolean {
	return a !== undefined && Object.is(a.step, b.step) && Object.is(a.timestamp, b.timestamp) && Object.is(a.value, b.value);
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
