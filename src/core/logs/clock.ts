import { setTimeout as delay } from 'node:timers/promises';

/** Time as log streaming sees it; tests pass a virtual clock so schedules are exact and fast. */
export interface Clock {
	/** Epoch milliseconds. */
	now(): number;
	/** Resolves after `ms`; rejects with an AbortError when the signal aborts first. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) => delay(ms, undefined, { signal }),
};
