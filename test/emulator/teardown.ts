/** What to stop after all tests; kept apart from the emulator so runs that never use it load nothing. */
let pending: (() => Promise<void>) | undefined;

export function stopAfterTests(stop: () => Promise<void>): void {
	pending = stop;
}

export async function runTeardown(): Promise<void> {
	const stop = pending;
	pending = undefined;
	await stop?.();
}
