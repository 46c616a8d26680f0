import type { RunBackend } from '../core/backends/types';

/** What run commands (stream logs, show metrics, cancel) act on: one run of one backend. */
export interface RunTarget {
	readonly backend: RunBackend;
	readonly runId: string;
	/** How the run is named to the user (display name, else the run id). */
	readonly label: string;
}

/** Tree nodes that stand for a run carry it as `runTarget`, so commands invoked on them find it. */
export interface HasRunTarget {
	readonly runTarget: RunTarget;
}

export function runTargetOf(arg: unknown): RunTarget | undefined {
	const candidate = (arg as Partial<HasRunTarget> | undefined)?.runTarget;
	return candidate && typeof candidate.runId === 'string' ? candidate : undefined;
}
