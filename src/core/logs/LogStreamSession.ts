import { redact } from '../azure/redact';
import type { JobStatus, LogFile, RunBackend, RunDetails } from '../backends/types';
import { isTerminal } from '../backends/types';
import { type Clock, systemClock } from './clock';
import { defaultLogFiles, logFileLabel } from './logFileChoice';
import { LogTail } from './LogTail';
import type { RunStatusFeed } from '../runs/RunStatusHub';
import { PollSchedule } from './pollSchedule';
import { maxReadBytes } from './readLimit';
import { runSummary } from './runSummary';
import { errorMessage, isPermanentError } from './streamErrors';

/** Where a stream's output goes: the job's output channel, or a test's list. All text arrives redacted. */
export interface LogSink {
	/** Log lines in order, prefixed with `[source] ` while several files stream. */
	lines(lines: readonly string[]): void;
	/** What the stream itself says: status changes, files it starts, waits, rewrites, the summary. */
	notice(message: string): void;
	/** The job's status each time it changes. */
	status(status: JobStatus): void;
}

export interface LogStreamOptions {
	readonly clock?: Clock;
	/** How often the run's status and log-file list are read again; byte polls run more often. */
	readonly refreshIntervalMs?: number;
	/** Files to stream instead of the default choice. */
	readonly files?: readonly string[];
	/**
	 * The run's shared status poll. With it the stream makes no status requests of its own: each
	 * poll brings the status and file list and wakes the tail, which reads between polls only while
	 * new bytes keep arriving. Without it the stream reads the status every `refreshIntervalMs`.
	 */
	readonly status?: RunStatusFeed;
}

export type StreamEnd =
	| { readonly reason: 'ended'; readonly status: JobStatus }
	| { readonly reason: 'stopped' }
	| { readonly reason: 'failed'; readonly message: string };

/**
 * Streams one job's log until the job ends: follows its status, refreshes its log-file list,
 * tails the chosen files by byte offset and, once the job is terminal, drains them, prints their
 * last unterminated lines and a summary. Failures the backend could not retry away make it wait
 * and try again (nothing read twice, nothing skipped); only a permanent error ends it early.
 */
export class LogStreamSession {
	private readonly clock: Clock;
	private readonly schedule = new PollSchedule();
	private readonly refreshIntervalMs: number;
	private chosen: readonly string[] | undefined;
	private readonly tails = new Map<string, LogTail>();
	private listed = new Map<string, LogFile>();
	private run: RunDetails | undefined;
	/** Set once the file list was read after the job became terminal: nothing new will appear. */
	private ended = false;
	private lastRefresh = Number.NEGATIVE_INFINITY;
	private refreshNow = false;
	private readonly failing = new Set<string>();
	private saidWaiting = false;
	private wake: (() => void) | undefined;
	private readonly feed: RunStatusFeed | undefined;
	/** The newest status the feed brought that the loop has not taken yet. */
	private pendingRun: RunDetails | undefined;
	/** A feed failure another poll cannot fix: the stream ends with it. */
	private fatal: Error | undefined;

	constructor(
		private readonly backend: Pick<RunBackend, 'getRun' | 'listLogFiles'>,
		private readonly runId: string,
		private readonly sink: LogSink,
		options: LogStreamOptions = {},
	) {
		this.clock = options.clock ?? systemClock;
		this.refreshIntervalMs = options.refreshIntervalMs ?? 5_000;
		this.chosen = options.files;
		this.feed = options.status;
	}

	/** The job's log files as last listed. */
	get logFiles(): string[] {
		return [...this.listed.keys()];
	}

	/** The files being streamed now. */
	get streamedFiles(): string[] {
		return [...this.tails.keys()];
	}

	/** Streams these files from the next poll on, which comes at once; files kept go on where they were. */
	choose(names: readonly string[]): void {
		this.chosen = names;
		this.wake?.();
	}

	async stream(signal: AbortSignal): Promise<StreamEnd> {
		const subscription = this.feed?.subscribe({
			onRun: (run) => {
				this.pendingRun = run;
				this.wake?.();
			},
			onError: (error) => {
				if (isPermanentError(error)) {
					this.fatal = error instanceof Error ? error : new Error(errorMessage(error));
				} else {
					this.failed('reading the run details', error);
				}
				this.wake?.();
			},
		});
		try {
			for (;;) {
				signal.throwIfAborted();
				if (this.feed) {
					await this.takeStatus(signal);
				} else if (this.refreshNow || (!this.ended && this.clock.now() - this.lastRefresh >= this.refreshIntervalMs)) {
					await this.refresh(signal);
				}
				this.syncTails();
				const { bytes, complete } = await this.pollTails(signal);
				if (this.ended && complete && this.run) {
					this.finish(this.run);
					return { reason: 'ended', status: this.run.status };
				}
				await this.pause(this.nextPause(bytes), signal);
			}
		} catch (error) {
			if (signal.aborted) {
				this.notice('Streaming stopped.');
				return { reason: 'stopped' };
			}
			const message = redact(errorMessage(error));
			this.notice(`Streaming stopped: ${message}`);
			return { reason: 'failed', message };
		} finally {
			subscription?.dispose();
		}
	}

	/** The status the feed brought since the last look, if any; a permanent feed failure ends the stream. */
	private async takeStatus(signal: AbortSignal): Promise<void> {
		if (this.fatal !== undefined) {
			throw this.fatal;
		}
		const run = this.pendingRun;
		if (run && !this.ended) {
			this.pendingRun = undefined;
			this.succeeded('reading the run details');
			await this.apply(run, signal);
		}
	}

	/**
	 * The wait before the next read. With a shared status poll the tail reads when a poll wakes it
	 * (which also brings a terminal status and fresh file URLs at once), so the log costs no more
	 * reads than the status does; only a read that came back full, with more bytes surely waiting,
	 * is followed at once. The timeout is a fallback for polls that stopped answering.
	 */
	private nextPause(bytes: number): number {
		const backoff = this.schedule.next(bytes > 0);
		if (!this.feed || this.ended) {
			return backoff;
		}
		return bytes >= maxReadBytes ? 0 : 4 * this.feed.intervalMs;
	}

	/** Reads the status, then the file list, so a terminal status is always followed by a complete list. */
	private async refresh(signal: AbortSignal): Promise<void> {
		this.lastRefresh = this.clock.now();
		this.refreshNow = true;
		const run = await this.attempt('reading the run details', () => this.backend.getRun(this.runId, signal), signal);
		if (run) {
			await this.apply(run, signal);
		}
	}

	/** Takes a status read: says what changed, then takes its file list (or lists the files when it brings none). */
	private async apply(run: RunDetails, signal: AbortSignal): Promise<void> {
		this.refreshNow = true;
		if (run.status !== this.run?.status) {
			this.sink.status(run.status);
			this.notice(`Status: ${run.status}`);
		}
		this.run = run;
		const files = run.logFiles ?? (await this.attempt('listing the log files', () => this.backend.listLogFiles(this.runId, signal), signal));
		if (!files) {
			return;
		}
		this.listed = new Map(files.map((f) => [f.name, f]));
		this.ended = isTerminal(run.status);
		this.refreshNow = false;
	}

	/** Runs a request for the run; a transient failure gives undefined, a permanent one ends the stream. */
	private async attempt<T>(what: string, request: () => Promise<T>, signal: AbortSignal): Promise<T | undefined> {
		try {
			const result = await request();
			this.succeeded(what);
			return result;
		} catch (error) {
			if (signal.aborted || isPermanentError(error)) {
				throw error;
			}
			this.failed(what, error);
			return undefined;
		}
	}

	/** Says once that something failed and will be tried again; quiet while it keeps failing. */
	private failed(what: string, error: unknown): void {
		if (!this.failing.has(what)) {
			this.failing.add(what);
			this.notice(`Waiting to retry ${what}: ${errorMessage(error)}`);
		}
	}

	private succeeded(what: string): void {
		if (this.failing.delete(what)) {
			this.notice(`Resumed ${what}.`);
		}
	}

	private syncTails(): void {
		// Without a choice the first default file found stays, even if another default appears later.
		const wanted = this.chosen ?? (this.tails.size > 0 ? [...this.tails.keys()] : defaultLogFiles(this.logFiles, this.ended));
		for (const name of this.tails.keys()) {
			if (!wanted.includes(name) || !this.listed.has(name)) {
				this.tails.delete(name);
				this.notice(`Stopped streaming ${name}.`);
			}
		}
		for (const name of [...wanted].sort()) {
			const file = this.listed.get(name);
			const tail = this.tails.get(name);
			if (tail && file) {
				// A refreshed list brings fresh SAS URLs; the position stays.
				tail.reader = file.reader;
			} else if (file) {
				this.tails.set(name, new LogTail(file.reader));
				this.notice(`Streaming ${name}`);
			}
		}
		if (this.tails.size === 0 && this.run && !this.ended && !this.saidWaiting) {
			this.saidWaiting = true;
			this.notice('Waiting for the job to write its log (azureml-logs/70_driver_log.txt or user_logs/std_log.txt).');
		}
	}

	/**
	 * Reads every tail once, or to its end once the job ended; `complete` when no read failed. A
	 * failed read never ends the stream: a 403 or 404 may be an expired SAS URL that the next list
	 * replaces, and the run details tell whether the job itself is gone.
	 */
	private async pollTails(signal: AbortSignal): Promise<{ bytes: number; complete: boolean }> {
		let bytes = 0;
		let complete = true;
		for (const [name, tail] of this.tails) {
			const what = `reading ${name}`;
			try {
				for (;;) {
					const result = await tail.read(signal);
					this.succeeded(what);
					if (result.rewritten) {
						this.notice(`${name} was ${result.rewritten === 'shrunk' ? 'truncated' : 'replaced'}; reading it again from the start.`);
						continue;
					}
					this.emit(name, result.lines);
					bytes += result.bytes;
					if (!this.ended || result.bytes === 0) {
						break;
					}
				}
			} catch (error) {
				if (signal.aborted) {
					throw error;
				}
				this.failed(what, error);
				complete = false;
				this.refreshNow = true;
			}
		}
		return { bytes, complete };
	}

	private finish(run: RunDetails): void {
		for (const [name, tail] of this.tails) {
			this.emit(name, tail.flush());
		}
		if (this.tails.size === 0) {
			this.notice(
				this.listed.size > 0
					? `The job wrote no driver or user log; it has ${this.listed.size} other log file(s) to choose from.`
					: 'The job wrote no log files.',
			);
		}
		for (const line of runSummary(run)) {
			this.notice(line);
		}
	}

	private emit(name: string, lines: readonly string[]): void {
		if (lines.length === 0) {
			return;
		}
		const prefix = this.tails.size > 1 ? `[${logFileLabel(name)}] ` : '';
		this.sink.lines(lines.map((line) => redact(prefix + line)));
	}

	private notice(message: string): void {
		this.sink.notice(redact(message));
	}

	private async pause(ms: number, signal: AbortSignal): Promise<void> {
		// A poll that answered while the loop was reading must not wait for the next one.
		if (this.fatal || (this.pendingRun && !this.ended)) {
			return;
		}
		const wake = new AbortController();
		this.wake = () => wake.abort();
		try {
			await this.clock.sleep(ms, AbortSignal.any([signal, wake.signal]));
		} catch (error) {
			if (!wake.signal.aborted || signal.aborted) {
				throw error;
			}
		} finally {
			this.wake = undefined;
		}
	}
}
