import type { RunDetails } from '../backends/types';
import { formatDuration } from '../format';

/** What the stream prints once a job ended: how it ended and after how long, why it failed, where to look. */
export function runSummary(run: RunDetails): string[] {
	const start = run.startedAt ?? run.createdAt;
	const took = start !== undefined && run.endedAt !== undefined ? ` after ${formatDuration(run.endedAt - start)}` : '';
	return [
		`Job ${run.status}${took}.`,
		...(run.error ? [`Error: ${run.error}`] : []),
		...run.warnings.map((warning) => `Warning: ${warning}`),
		...(run.studioUrl ? [`Studio: ${run.studioUrl}`] : []),
	];
}
