import type * as vscode from 'vscode';
import type { AzureRunBackend } from '../../core/backends/azure/AzureRunBackend';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/** A workspace node of the tree (WorkspaceNode), as submit needs it. */
export interface WorkspaceTarget {
	readonly node: TreeNode;
	readonly workspace: AzureWorkspace;
	readonly backend: AzureRunBackend;
	/** Set when an open folder's config.json names this workspace: Submit's default target. */
	readonly configFile?: string;
}

export type SubmitTarget = { readonly kind: 'local' } | ({ readonly kind: 'azure' } & WorkspaceTarget);

export function isWorkspaceNode(node: unknown): node is TreeNode & { workspace: AzureWorkspace; backend: AzureRunBackend; configFile?: string } {
	const candidate = node as { workspace?: { armId?: unknown }; backend?: { kind?: unknown } } | undefined;
	return typeof candidate?.workspace?.armId === 'string' && candidate.backend?.kind === 'azure';
}

/** The workspaces the tree shows (first page of each shown subscription), without asking to sign in. */
export async function workspacesInTree(services: Services): Promise<WorkspaceTarget[]> {
	if (!services.azure.isSignedIn) {
		return [];
	}
	const found: WorkspaceTarget[] = [];
	const visit = async (node: TreeNode, depth: number): Promise<void> => {
		if (isWorkspaceNode(node)) {
			found.push({ node, workspace: node.workspace, backend: node.backend, configFile: node.configFile });
			return;
		}
		if (depth < 3 && node.getChildren) {
			for (const child of await node.getChildren()) {
				await visit(child, depth + 1);
			}
		}
	};
	for (const root of await services.tree.getChildren()) {
		if (root !== services.localNode) {
			await visit(root, 0);
		}
	}
	return found;
}

interface TargetItem extends vscode.QuickPickItem {
	readonly target: SubmitTarget;
}

/** Local or one of the workspaces: the last choice for this script first, else the folder's config.json workspace. */
export async function pickTarget(services: Services, scriptName: string, lastTargetId: string | undefined): Promise<SubmitTarget> {
	const workspaces = await workspacesInTree(services);
	if (workspaces.length === 0) {
		return { kind: 'local' };
	}
	const items: TargetItem[] = [
		{ label: 'Local', description: 'this machine', target: { kind: 'local' } },
		...workspaces.map((w) => ({
			label: w.workspace.ref.workspace,
			description: `${w.workspace.ref.resourceGroup} · Azure ML`,
			detail: w.workspace.ref.subscriptionId,
			target: { kind: 'azure' as const, ...w },
		})),
	];
	const idOf = (item: TargetItem) => (item.target.kind === 'local' ? 'local' : item.target.workspace.armId);
	const preferredId = lastTargetId ?? workspaces.find((w) => w.configFile !== undefined)?.workspace.armId;
	items.sort((a, b) => Number(idOf(b) === preferredId) - Number(idOf(a) === preferredId));
	return (await services.prompt.quickPick(items, { title: `Submit ${scriptName} to…`, placeHolder: 'Where the job runs' })).target;
}
