import type { Services } from '../services';
import type { JobLogStream } from './JobLogStream';
import { logStreams } from './logStreams';

/** The stream a command without a job node acts on: the only one, or the one the user picks. */
export async function pickActiveStream(services: Services, title: string): Promise<JobLogStream> {
	const active = logStreams().active;
	if (active.length === 0) {
		throw new Error('No job log is streaming. Use "Stream Job Logs" on a job in the Azure ML view.');
	}
	if (active.length === 1) {
		return active[0];
	}
	const picked = await services.prompt.quickPick(
		active.map((stream) => ({ label: stream.target.label, description: stream.target.runId, stream })),
		{ title },
	);
	return picked.stream;
}
