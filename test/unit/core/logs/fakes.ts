// In-memory stand-ins for what log streaming reads: a growing log file, a job, virtual time and a sink.
import type { JobStatus, LogFile, RangeRead, RangeReader, RunBackend, RunDetails } from '../../../../src/core/backends/types';
import type { Clock } from '../../../../src/core/logs/clock';
import type { LogSink } from '../../../../src/core/logs/LogStreamSession';

const encoder = new TextEncoder();

export function bytes(text: string): Uint8Array {
	return encoder.encode(text);
}

/** A log file that the test appends to, like an append blob read with `Range: bytes=<offset>-`. */
export class MemoryLog implements RangeReader {
	private data: Uint8Array = new Uint8Array(0);
	private generation = 1;
	private readonly failures: Error[] = [];
	/** Every offset asked for, in order. */
	readonly offsets: number[] = [];
	bytesServed = 0;
	/** Serves at most this many bytes per read, as a body cut short by the connection. */
	maxChunk = Number.POSITIVE_INFINITY;
	/** Whether reads carry an ETag (a 416 response, for one, has none). */
	withGeneration = true;

	constructor(initial: string | Uint8Array = '') {
		this.append(initial);
	}

	get size(): number {
		return this.data.length;
	}

	append(chunk: string | Uint8Array): void {
		const added = typeof chunk === 'string' ? bytes(chunk) : chunk;
		const next = new Uint8Array(this.data.length + added.length);
		next.set(this.data);
		next.set(added, this.data.length);
		this.data = next;
	}

	/** Replaces the content as a new file (a new ETag). */
	rewrite(text: string): void {
		this.data = bytes(text);
		this.generation++;
	}

	/** Cuts the file down in place (same ETag): only its size tells. */
	truncate(text: string): void {
		this.data = bytes(text);
	}

	/** The next reads throw these, one each, before any byte is served. */
	failNext(...errors: Error[]): void {
		this.failures.push(...errors);
	}

	read(offset: number): Promise<RangeRead> {
		this.offsets.push(offset);
		const failure = this.failures.shift();
		if (failure) {
			return Promise.reject(failure);
		}
		const end = Math.min(this.data.length, offset + this.maxChunk);
		const served = offset < end ? this.data.slice(offset, end) : new Uint8Array(0);
		this.bytesServed += served.length;
		return Promise.resolve({ bytes: served, size: this.data.length, generation: this.withGeneration ? `"g${this.generation}"` : undefined });
	}
}

/** Virtual time: sleeping advances it at once, running whatever the test scheduled on the way. */
export class FakeClock implements Clock {
	private t = 0;
	private readonly events: { at: number; run: () => void }[] = [];
	/** Every sleep the code under test asked for, in ms. */
	readonly sleeps: number[] = [];

	constructor(private readonly limitMs = 3_600_000) {}

	now(): number {
		return this.t;
	}

	/** Runs `run` when virtual time reaches `at` ms. */
	at(at: number, run: () => void): this {
		this.events.push({ at, run });
		this.events.sort((a, b) => a.at - b.at);
		return this;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		this.sleeps.push(ms);
		const until = this.t + ms;
		while (this.events.length > 0 && this.events[0].at <= until && !signal?.aborted) {
			const event = this.events.shift()!;
			this.t = Math.max(this.t, event.at);
			event.run();
		}
		if (signal?.aborted) {
			return Promise.reject(signal.reason as Error);
		}
		this.t = until;
		if (this.t > this.limitMs) {
			return Promise.reject(new Error(`virtual time ran past ${this.limitMs} ms: the stream never ended`));
		}
		return Promise.resolve();
	}
}

export function httpError(statusCode: number, message: string): Error {
	return Object.assign(new Error(message), { statusCode });
}

/** One job: the test sets its status and files; getRun and listLogFiles can be made to fail. */
export class FakeJob implements Pick<RunBackend, 'getRun' | 'listLogFiles'> {
	status: JobStatus = 'Running';
	details: Partial<RunDetails> = {};
	readonly files = new Map<string, MemoryLog>();
	readonly getRunFailures: Error[] = [];
	readonly listFailures: Error[] = [];
	getRunCalls = 0;
	listCalls = 0;
	/** Wraps each listed reader, e.g. in one whose SAS URL expires. */
	wrapReader: (name: string, log: MemoryLog) => RangeReader = (_name, log) => log;

	constructor(readonly runId = 'job-1') {}

	file(name: string, initial = ''): MemoryLog {
		const log = new MemoryLog(initial);
		this.files.set(name, log);
		return log;
	}

	getRun(runId: string): Promise<RunDetails> {
		this.getRunCalls++;
		const failure = this.getRunFailures.shift();
		if (failure) {
			return Promise.reject(failure);
		}
		return Promise.resolve({ id: runId, experiment: 'exp', status: this.status, warnings: [], params: {}, tags: {}, ...this.details });
	}

	listLogFiles(): Promise<LogFile[]> {
		this.listCalls++;
		const failure = this.listFailures.shift();
		if (failure) {
			return Promise.reject(failure);
		}
		return Promise.resolve([...this.files].map(([name, log]) => ({ name, reader: this.wrapReader(name, log) })));
	}
}

/** Everything a stream said, in order: log lines as they are, notices as `» …`. */
export class RecordingSink implements LogSink {
	readonly output: string[] = [];
	readonly statuses: JobStatus[] = [];
	/** Virtual time at which each log line arrived, keyed by the line. */
	readonly arrivals = new Map<string, number>();

	constructor(private readonly clock?: Clock) {}

	lines(lines: readonly string[]): void {
		for (const line of lines) {
			this.output.push(line);
			this.arrivals.set(line, this.clock?.now() ?? 0);
		}
	}

	notice(message: string): void {
		this.output.push(`» ${message}`);
	}

	status(status: JobStatus): void {
		this.statuses.push(status);
	}
}
