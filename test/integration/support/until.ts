/**
 * Waiting for a condition, never for a duration: `until` checks again and again, as long as the
 * test runs, so a slow machine makes a test slower, not red. The test's own mocha timeout is the
 * only bound; the runner (index.ts) ends every wait when a test ends and names, in a timed-out
 * test's failure, what it was still waiting for.
 */
let ending = new AbortController();
const waiting = new Set<string>();

export async function until<T>(what: string, condition: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
	const { signal } = ending;
	waiting.add(what);
	let last: unknown;
	try {
		while (!signal.aborted) {
			try {
				const value = await condition();
				if (value !== undefined && value !== false) {
					return value;
				}
			} catch (error) {
				last = error; // e.g. a file not written yet: the condition is asked again
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	} finally {
		waiting.delete(what);
	}
	const reason = last instanceof Error ? ` (last check: ${last.message})` : '';
	throw new Error(`The test ended while waiting for ${what}${reason}`);
}

/** What the running test is still waiting for; the runner adds it to a timed-out test's failure. */
export function stillWaitingFor(): string[] {
	return [...waiting];
}

/** Ends every wait of the test that just ended, so none keeps polling into the next test. */
export function endWaits(): void {
	ending.abort();
	ending = new AbortController();
}
