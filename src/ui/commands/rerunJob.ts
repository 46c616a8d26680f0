import type { CommandJobSpec } from '../../core/jobs/commandJobSpec';
import type { Services } from '../services';
import { isWorkspaceNode } from '../submit/pickTarget';
import { jobSpecKey, runAzureSubmit } from '../submit/runAzureSubmit';
import type { TreeNode } from '../tree/TreeNode';

interface JobNodeLike extends TreeNode {
	readonly resource?: { readonly id: string; readonly name: string };
}

/**
 * "Re-run" on a job node: submits the job's settings again as a new job, from the same local
 * folders (an unchanged snapshot uploads nothing). The settings are those this window submitted.
 */
export async function rerunJob(services: Services, node?: JobNodeLike): Promise<void> {
	const jobId = node?.resource?.id;
	if (!node || !jobId) {
		throw new Error('Choose a job in the Azure ML view to re-run it.');
	}
	const spec = services.context.workspaceState.get<CommandJobSpec>(jobSpecKey(jobId));
	if (!spec) {
		throw new Error(
			`Job "${node.resource?.name}" was not submitted from this workspace folder, so its local code folder is unknown. Save its settings as a job YAML and use "Azure ML: Submit Job YAML".`,
		);
	}
	let workspaceNode: TreeNode | undefined = node;
	while (workspaceNode && !isWorkspaceNode(workspaceNode)) {
		workspaceNode = workspaceNode.getParent?.();
	}
	if (!workspaceNode || !isWorkspaceNode(workspaceNode)) {
		throw new Error('The job is not under a workspace in the tree; refresh the view and try again.');
	}
	await runAzureSubmit(services, { node: workspaceNode, workspace: workspaceNode.workspace, backend: workspaceNode.backend }, { ...spec, name: undefined }, node.resource?.name ?? 'job');
}
