import type { RunTarget } from '../runTarget';
import type { JobLogStream } from './JobLogStream';
import { LogStreamManager } from './LogStreamManager';

let manager: LogStreamManager | undefined;

/** The extension's one manager of job log streams, created on first use. */
export function logStreams(): LogStreamManager {
	manager ??= new LogStreamManager();
	return manager;
}

/** Follows a job's log in its output channel, e.g. right after submitting it. */
export function streamRunLogs(target: RunTarget): JobLogStream {
	return logStreams().stream(target);
}

export function disposeLogStreams(): void {
	manager?.dispose();
	manager = undefined;
}
