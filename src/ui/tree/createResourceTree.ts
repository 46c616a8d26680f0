import * as vscode from 'vscode';
import type { AzureSession } from '../azure/AzureSession';
import type { LocalWorkspace } from '../local/LocalWorkspace';
import { watchAzureRoot } from './azure/azureRoot';
import { LocalWorkspaceNode } from './local/LocalWorkspaceNode';
import { ResourceTreeProvider } from './ResourceTreeProvider';
import type { TreeNode } from './TreeNode';

/** How often active runs are polled for their status: a local file is cheap, the service is not. */
const pollIntervalMs = { local: 1_000, azure: 5_000 };

export function createResourceTree(local: LocalWorkspace, azure: AzureSession): {
	tree: ResourceTreeProvider;
	treeView: vscode.TreeView<TreeNode>;
	localNode: LocalWorkspaceNode;
	disposables: vscode.Disposable[];
} {
	const localNode = new LocalWorkspaceNode(() => local.backend);
	// The Azure root is rebuilt on sign-in and sign-out; see azureRoot.ts.
	let azureRoot: TreeNode | undefined;
	const tree = new ResourceTreeProvider(() => [localNode, ...(azureRoot ? [azureRoot] : [])], (node) => pollIntervalMs[node.runTarget.backend.kind]);
	const treeView = vscode.window.createTreeView('azuremlExplorer.resources', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
	const disposables = [tree, treeView, local.onDidChange(() => tree.refresh(localNode)), watchAzureRoot(azure, tree, treeView, (root) => (azureRoot = root))];
	return { tree, treeView, localNode, disposables };
}
