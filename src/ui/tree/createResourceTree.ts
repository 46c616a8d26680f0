import * as vscode from 'vscode';
import type { LocalWorkspace } from '../local/LocalWorkspace';
import { LocalWorkspaceNode } from './local/LocalWorkspaceNode';
import { ResourceTreeProvider } from './ResourceTreeProvider';
import type { TreeNode } from './TreeNode';

/** How often active runs are polled for their status: a local file is cheap, the service is not. */
const pollIntervalMs = { local: 1_000, azure: 10_000 };

export function createResourceTree(local: LocalWorkspace): {
	tree: ResourceTreeProvider;
	treeView: vscode.TreeView<TreeNode>;
	localNode: LocalWorkspaceNode;
	disposables: vscode.Disposable[];
} {
	const localNode = new LocalWorkspaceNode(() => local.backend);
	const tree = new ResourceTreeProvider(() => [localNode], (node) => pollIntervalMs[node.runTarget.backend.kind]);
	const treeView = vscode.window.createTreeView('azuremlExplorer.resources', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
	const disposables = [tree, treeView, local.onDidChange(() => tree.refresh(localNode))];
	return { tree, treeView, localNode, disposables };
}
