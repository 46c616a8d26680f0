import { isTerminal, type RunBackend, type RunDetails } from '../backends/types';
import { RunKeys } from './runKeys';

/** What a view of a run hears from the run's one status poll. */
export interface RunStatusListener {
	/** Every successful poll, and at once on subscribing when the run was read before. */
	onRun(run: RunDetails): void;
	/** A poll failed; `failures` counts the failures in a row (the poll backs off meanwhile). */
	onError?(error: unknown, failures: number): void;
}

/** The status poll of one run, as a view that is handed it sees it. */
export interface RunStatusFeed {
	subscribe(listener: RunStatusListener): { dispose(): void };
	/** The pause between two polls of this run now: views pace their own reads on it. */
	readonly intervalMs: number;
}

export interface RunStatusHubOptions {
	/** The pause between polls of one run while few runs are watched, by backend kind. */
	readonly intervalMs?: Partial<Record<RunBackend['kind'], number>>;
	/**
	 * What each active run of a kind adds to the pause of every run of that kind, so that many runs
	 * share one request budget instead of multiplying it (ARM throttles reads per subscription).
	 */
	readonly perRunMs?: Partial<Record<RunBackend['kind'], number>>;
	/** The longest pause while polls keep failing. */
	readonly maxBackoffMs?: number;
}

interface Entry {
	readonly key: string;
	readonly backend: RunBackend;
	readonly runId: string;
	readonly listeners: Set<RunStatusListener>;
	readonly abort: AbortController;
	last?: RunDetails;
	failures: number;
	timer?: ReturnType<typeof setTimeout>;
	polling?: Promise<void>;
	ended: boolean;
	dropped: boolean;
}

const defaultInterval: Record<RunBackend['kind'], number> = { local: 1_000, azure: 5_000 };
const defaultPerRun: Record<RunBackend['kind'], number> = { local: 0, azure: 2_500 };

/**
 * One status poll per run, shared by every view of it (the tree, a log stream, a chart): the first
 * subscriber starts it, the last one to leave stops it, and it ends by itself once the run is
 * terminal. A failing poll backs off (doubling up to a minute) and says so to the subscribers.
 */
export class RunStatusHub {
	private readonly entries = new Map<string, Entry>();
	private readonly keys = new RunKeys();
	private readonly intervals: Record<RunBackend['kind'], number>;
	private readonly perRun: Record<RunBackend['kind'], number>;
	private readonly maxBackoffMs: number;

	constructor(options: RunStatusHubOptions = {}) {
		this.intervals = { ...defaultInterval, ...options.intervalMs };
		this.perRun = { ...defaultPerRun, ...options.perRunMs };
		this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
	}

	/** Runs polled now (those that still have a subscriber and are not terminal). */
	get activeRuns(): number {
		return [...this.entries.values()].filter((e) => !e.ended).length;
	}

	/** Subscribes to the run's status; polls it at once unless another view already does. */
	watch(backend: RunBackend, runId: string, listener: RunStatusListener): { dispose(): void } {
		const key = this.keys.keyOf(backend, runId);
		let entry = this.entries.get(key);
		const fresh = !entry;
		if (!entry) {
			entry = { key, backend, runId, listeners: new Set(), abort: new AbortController(), failures: 0, ended: false, dropped: false };
			this.entries.set(key, entry);
		}
		const watched = entry;
		watched.listeners.add(listener);
		if (fresh) {
			void this.poll(watched);
		} else if (watched.last) {
			const last = watched.last;
			queueMicrotask(() => watched.listeners.has(listener) && notify(() => listener.onRun(last)));
		}
		return {
			dispose: () => {
				watched.listeners.delete(listener);
				if (watched.listeners.size === 0) {
					this.drop(watched);
				}
			},
		};
	}

	/** The run's poll as a feed a view can be handed without knowing the hub. */
	feed(backend: RunBackend, runId: string): RunStatusFeed {
		const intervalOf = (): number => this.intervalOf(backend.kind);
		return {
			subscribe: (listener) => this.watch(backend, runId, listener),
			get intervalMs() {
				return intervalOf();
			},
		};
	}

	/** The pause between two polls of one run of this kind, given how many runs of the kind are polled. */
	intervalOf(kind: RunBackend['kind']): number {
		const active = [...this.entries.values()].filter((e) => !e.ended && e.backend.kind === kind).length;
		return Math.max(this.intervals[kind], active * this.perRun[kind]);
	}

	/** Polls every active run now and waits for the answers (what each timer does, all at once). */
	async pollAll(): Promise<void> {
		await Promise.all([...this.entries.values()].filter((e) => !e.ended).map((e) => this.poll(e)));
	}

	/** Polls the run now if it is watched, e.g. right after the user cancelled it. */
	pollNow(backend: RunBackend, runId: string): void {
		const entry = this.entries.get(this.keys.keyOf(backend, runId));
		if (entry) {
			entry.ended = false;
			void this.poll(entry);
		}
	}

	dispose(): void {
		for (const entry of [...this.entries.values()]) {
			this.drop(entry);
		}
	}

	private poll(entry: Entry): Promise<void> {
		if (entry.polling) {
			return entry.polling;
		}
		clearTimeout(entry.timer);
		entry.timer = undefined;
		const { backend, runId, abort } = entry;
		entry.polling = (async () => {
			try {
				const run = await (backend.pollRun ? backend.pollRun(runId, abort.signal) : backend.getRun(runId, abort.signal));
				if (entry.dropped) {
					return;
				}
				entry.failures = 0;
				entry.last = run;
				entry.ended = isTerminal(run.status);
				for (const listener of [...entry.listeners]) {
					notify(() => listener.onRun(run));
				}
			} catch (error) {
				if (entry.dropped) {
					return;
				}
				entry.failures++;
				for (const listener of [...entry.listeners]) {
					notify(() => listener.onError?.(error, entry.failures));
				}
			} finally {
				entry.polling = undefined;
				this.schedule(entry);
			}
		})();
		return entry.polling;
	}

	private schedule(entry: Entry): void {
		if (entry.dropped || entry.ended || entry.timer || entry.polling) {
			return;
		}
		const interval = this.intervalOf(entry.backend.kind);
		const delay = entry.failures > 0 ? Math.min(this.maxBackoffMs, interval * 2 ** Math.min(entry.failures, 6)) : interval;
		entry.timer = setTimeout(() => {
			entry.timer = undefined;
			void this.poll(entry);
		}, delay);
	}

	private drop(entry: Entry): void {
		entry.dropped = true;
		clearTimeout(entry.timer);
		entry.timer = undefined;
		entry.abort.abort();
		if (this.entries.get(entry.key) === entry) {
			this.entries.delete(entry.key);
		}
	}
}

/** A view that throws must not keep the others from hearing about the run. */
function notify(call: () => void): void {
	try {
		call();
	} catch {
		// The view's own problem; the poll goes on.
	}
}
