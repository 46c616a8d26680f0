import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import type { Services } from '../services';
import { isWorkspaceNode, workspacesInTree } from '../submit/pickTarget';

/** One of the workspaces the tree shows, the folder's config.json one first. */
export async function pickWorkspace(services: Services, title: string, needsWhat: string): Promise<AzureWorkspace> {
	const workspaces = await workspacesInTree(services);
	if (workspaces.length === 0) {
		throw new Error(`Sign in to Azure first: ${needsWhat}.`);
	}
	workspaces.sort((a, b) => Number(b.configFile !== undefined) - Number(a.configFile !== undefined));
	const picked = await services.prompt.quickPick(
		workspaces.map((w) => ({ label: w.workspace.ref.workspace, description: `${w.workspace.ref.resourceGroup}${w.configFile ? ' · default' : ''}`, node: w.node })),
		{ title },
	);
	if (!isWorkspaceNode(picked.node)) {
		throw new Error(`${picked.label} is not a workspace.`);
	}
	return picked.node.workspace;
}
