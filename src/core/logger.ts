/** What core code needs to report diagnostics; the extension's LogOutputChannel satisfies it. */
export interface Logger {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string | Error): void;
}

/** For core code used outside the extension (tests, benchmarks, the emulator). */
export const silentLogger: Logger = {
	trace: () => undefined,
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined,
};
