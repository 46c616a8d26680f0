import type { Services } from '../services';
import { revealNew } from '../tree/revealNew';
import type { TreeNode } from '../tree/TreeNode';
import type { WorkspaceTarget } from './pickTarget';

interface Reloadable extends TreeNode {
	invalidate(): void;
}

/** Reloads the workspace's Jobs folder (one page: the new job is the newest) and selects the job. */
export async function revealAzureJob(services: Services, target: WorkspaceTarget, experiment: string, jobName: string): Promise<TreeNode | undefined> {
	const folders = (await target.node.getChildren?.()) ?? [];
	const jobs = folders.find((f) => f.id.endsWith('/#jobs')) as Reloadable | undefined;
	if (!jobs) {
		return undefined;
	}
	jobs.invalidate();
	services.tree.refresh(jobs);
	const experimentNode = (await jobs.getChildren?.())?.find((n) => n.id.endsWith(`/experiments/${experiment}`));
	if (!experimentNode) {
		return undefined;
	}
	const findJob = async () => (await experimentNode.getChildren?.())?.find((n) => n.id.toLowerCase().endsWith(`/jobs/${jobName.toLowerCase()}`));
	const job = await findJob();
	if (job) {
		await revealNew(services, job, experimentNode, findJob);
	}
	return job;
}
