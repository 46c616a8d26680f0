import * as vscode from 'vscode';
import { clusterVmSizeChoices, describeVmSize, quotaProblem, type VmPriority, type VmSizeChoice } from '../../core/azure/quota';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import { nameProblem } from '../../core/jobs/names';
import { azureModule, type AzureModule } from '../azure/azureModule';
import { askNodeCount, askSeconds } from '../compute/askNumbers';
import { withCancellableProgress } from '../withCancellableProgress';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/** azure-ai-ml's default size (ComputeDefaults.VMSIZE), offered first. */
const defaultVmSize = 'Standard_DS3_v2';

/**
 * "Create Compute Cluster…" on a workspace's Compute folder: name, priority, VM size (with the
 * quota left), min/max nodes and idle seconds, each validated before any request; then one
 * cancellable notification while the cluster is provisioned, shown in the tree as it goes. A
 * cancelled or failed creation deletes what the service had started, so nothing half-made stays.
 */
export async function createComputeCluster(services: Services, node?: TreeNode): Promise<void> {
	const workspace = workspaceOfNode(node);
	if (!node || !workspace) {
		throw new Error('Use "Create Compute Cluster…" on the Compute folder of a workspace in the Azure ML view.');
	}
	const azure = await azureModule();
	const title = `New compute cluster in ${workspace.ref.workspace}`;
	const name = await services.prompt.inputBox({ title, prompt: 'Cluster name', value: 'cpu-cluster', validateInput: (v) => nameProblem('compute', v) });
	await refuseExisting(azure, workspace, name);
	const priorities: { label: string; description: string; priority: VmPriority }[] = [
		{ label: 'Dedicated', description: 'nodes are yours until released', priority: 'Dedicated' },
		{ label: 'Low priority', description: 'cheaper; nodes can be preempted', priority: 'LowPriority' },
	];
	const { priority } = await services.prompt.quickPick(priorities, { title, placeHolder: 'Node priority' });
	const size = await pickVmSize(services, azure, workspace, priority, title);
	const minNodes = await askNodeCount(services, { title, prompt: 'Minimum nodes (0 releases every node when idle)', value: 0, min: 0 });
	const maxNodes = await askNodeCount(services, {
		title,
		prompt: `Maximum nodes${size.maxNodesByQuota === undefined ? '' : ` (the quota left allows ${size.maxNodesByQuota} of ${size.name})`}`,
		value: Math.max(1, minNodes),
		min: Math.max(1, minNodes),
	});
	const idleSeconds = await askSeconds(services, { title, prompt: 'Idle seconds before a node is released', value: 120 });
	const overQuota = quotaProblem(size, maxNodes, priority);
	const summary = `${size.name}, ${priority === 'Dedicated' ? 'dedicated' : 'low priority'}, ${minNodes}–${maxNodes} nodes, ${idleSeconds} s idle before scale-down`;
	if (!(await services.prompt.confirm(`Create compute cluster "${name}" in ${workspace.ref.workspace}?`, 'Create', overQuota ? `${summary}\n\n${overQuota}` : summary))) {
		return;
	}

	let accepted = false;
	try {
		await withCancellableProgress(`Creating compute cluster "${name}"…`, (signal) =>
			azure.createAmlCompute(workspace, name, { vmSize: size.name, vmPriority: priority, minNodes, maxNodes, idleSecondsBeforeScaleDown: idleSeconds }, signal, () => {
				accepted = true;
				services.tree.refresh(node);
			}),
		);
	} catch (error) {
		if (accepted) {
			await removeHalfMade(azure, workspace, name);
			services.tree.refresh(node);
		}
		throw error;
	}
	services.tree.refresh(node);
	void vscode.window.showInformationMessage(`Compute cluster "${name}" is ready in ${workspace.ref.workspace}.`);
}

async function refuseExisting(azure: AzureModule, workspace: AzureWorkspace, name: string): Promise<void> {
	try {
		await azure.getCompute(workspace, name);
	} catch (error) {
		if ((error as { kind?: string }).kind === 'azure.notFound') {
			return;
		}
		throw error;
	}
	// A PUT on an existing name would silently change that compute instead of creating one.
	throw new Error(`A compute named "${name}" already exists in ${workspace.ref.workspace}: choose another name, or use Resize… on it.`);
}

async function pickVmSize(services: Services, azure: AzureModule, workspace: AzureWorkspace, priority: VmPriority, title: string): Promise<VmSizeChoice> {
	const choices = (async () => {
		const location = await workspace.location();
		const [sizes, usages] = await Promise.all([azure.listVmSizes(workspace, location), azure.listUsages(workspace, location)]);
		const all = clusterVmSizeChoices(sizes, usages, priority);
		// The SDK's default first; the rest stay smallest first.
		all.sort((a, b) => Number(b.name.toLowerCase() === defaultVmSize.toLowerCase()) - Number(a.name.toLowerCase() === defaultVmSize.toLowerCase()));
		return all.map((choice) => ({
			label: choice.name,
			description: describeVmSize(choice),
			detail: choice.maxNodesByQuota === 0 ? '$(warning) No quota left for this size: request more before the cluster can start a node.' : undefined,
			choice,
		}));
	})();
	return (await services.prompt.quickPick(choices, { title, placeHolder: 'VM size (cores · memory · GPUs · quota left)', matchOnDescription: true })).choice;
}

async function removeHalfMade(azure: AzureModule, workspace: AzureWorkspace, name: string): Promise<void> {
	extensionLog.warn(`Creating compute "${name}" in ${workspace.label} did not finish: deleting what the service had started.`);
	try {
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing the unfinished cluster "${name}"…` }, () =>
			azure.deleteCompute(workspace, name),
		);
	} catch (error) {
		extensionLog.error(`Could not delete the unfinished compute "${name}": ${error instanceof Error ? error.message : String(error)}`);
	}
}
