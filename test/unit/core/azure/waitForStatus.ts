import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { getJob } from '../../../../src/core/backends/azure/jobs';

/** Polls the job until it reaches `status` (emulated jobs finish in well under a second). */
export async function waitForStatus(workspace: AzureWorkspace, job: string, status: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last: string | undefined;
	while (Date.now() < deadline) {
		last = (await getJob(workspace, job)).properties.status;
		if (last === status) {
			return;
		}
		await new Promise((r) => setTimeout(r, 10));
	}
	throw new Error(`Job ${job} is ${last ?? 'unknown'}, not ${status}, after ${timeoutMs} ms.`);
}
