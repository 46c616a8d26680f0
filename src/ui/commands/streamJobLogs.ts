import { logStreams } from '../logs/logStreams';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import { pickRun } from './pickRuns';

/** Streams a job's log live into its own output channel; on a job already streaming, shows that channel. */
export async function streamJobLogs(services: Services, node?: unknown): Promise<void> {
	const target = runTargetOf(node) ?? (await pickRun(services, 'Stream Logs of…'));
	logStreams().stream(target);
}
