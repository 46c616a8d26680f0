import { isTerminal, type RunSummary } from '../backends/types';

/** The runs one place (Local, a workspace) listed, as its first page gave them. */
export interface RunsOf<S> {
	readonly source: S;
	readonly runs: readonly RunSummary[];
}

export interface RecentRun<S> {
	readonly source: S;
	readonly run: RunSummary;
}

/**
 * The runs a picker offers: from every place, newest first (a run without times last), only the
 * active ones when asked, at most `limit`. Ties keep the order the places were given in.
 */
export function recentRuns<S>(lists: readonly RunsOf<S>[], options: { activeOnly?: boolean; limit?: number } = {}): RecentRun<S>[] {
	const all = lists.flatMap(({ source, runs }) => runs.map((run) => ({ source, run })));
	const offered = options.activeOnly ? all.filter(({ run }) => !isTerminal(run.status)) : all;
	const newest = offered
		.map((entry, index) => ({ entry, index, time: entry.run.createdAt ?? entry.run.startedAt ?? -Infinity }))
		.sort((a, b) => b.time - a.time || a.index - b.index)
		.map(({ entry }) => entry);
	return newest.slice(0, options.limit ?? newest.length);
}
