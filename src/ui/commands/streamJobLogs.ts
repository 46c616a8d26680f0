import { logStreams } from '../logs/logStreams';
import { runTargetOf } from '../runTarget';

/** Streams a job's log live into its own output channel; on a job already streaming, shows that channel. */
export function streamJobLogs(node?: unknown): void {
	const target = runTargetOf(node);
	if (!target) {
		throw new Error('Use "Stream Job Logs" on a job in the Azure ML view.');
	}
	logStreams().stream(target);
}
