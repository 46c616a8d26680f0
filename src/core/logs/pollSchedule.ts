export interface PollScheduleOptions {
	/** The interval while new bytes keep arriving. */
	readonly minMs?: number;
	/** The longest wait while nothing changes. */
	readonly maxMs?: number;
	/** How much longer each wait gets while nothing changes. */
	readonly factor?: number;
}

/**
 * When to poll a log next: about every second while it grows, backing off to at most 10 s while
 * it is quiet, and back to the fast rate as soon as data arrives.
 */
export class PollSchedule {
	private readonly minMs: number;
	private readonly maxMs: number;
	private readonly factor: number;
	private delay: number;

	constructor(options: PollScheduleOptions = {}) {
		this.minMs = options.minMs ?? 1_000;
		this.maxMs = options.maxMs ?? 10_000;
		this.factor = options.factor ?? 1.5;
		this.delay = this.minMs;
	}

	/** The wait before the next poll, given whether the last one brought new data. */
	next(gotData: boolean): number {
		this.delay = gotData ? this.minMs : Math.min(this.maxMs, Math.round(this.delay * this.factor));
		return this.delay;
	}
}

/**
 * The wait `az ml job stream` sleeps before its next poll, `t` seconds after it started polling
 * (azure-ai-ml `_wait_before_polling`): a sigmoid from 2 s up to about 60 s after three minutes.
 */
export function azMlPollIntervalSeconds(t: number, minSeconds = 2, maxSeconds = 60): number {
	return Math.max(minSeconds, Math.trunc(maxSeconds / (1 + 100 * Math.exp(-t / 20))));
}
