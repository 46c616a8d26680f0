import * as vscode from 'vscode';
import type { RunStatusHub } from '../../core/runs/RunStatusHub';
import type { AzureSession } from '../azure/AzureSession';
import type { LocalEndpoints } from '../local/LocalEndpoints';
import type { LocalChange, LocalWorkspace } from '../local/LocalWorkspace';
import { watchAzureRoot } from './azure/azureRoot';
import { LocalWorkspaceNode } from './local/LocalWorkspaceNode';
import { ResourceTreeProvider } from './ResourceTreeProvider';
import type { TreeNode } from './TreeNode';

export function createResourceTree(
	local: LocalWorkspace,
	azure: AzureSession,
	statusHub: RunStatusHub,
	endpoints: LocalEndpoints,
): {
	tree: ResourceTreeProvider;
	treeView: vscode.TreeView<TreeNode>;
	localNode: LocalWorkspaceNode;
	disposables: vscode.Disposable[];
} {
	const localNode = new LocalWorkspaceNode(() => local.backend, endpoints);
	// The Azure root is rebuilt on sign-in and sign-out; see azureRoot.ts.
	let azureRoot: TreeNode | undefined;
	// Signed out with no folder open, neither Local nor Azure has anything to show: no roots, so the
	// view's welcome (Sign in, Open the Local workspace; package.json viewsWelcome) shows instead.
	const roots = (): TreeNode[] => (!local.backend && !azure.isSignedIn ? [] : [localNode, ...(azureRoot ? [azureRoot] : [])]);
	const tree = new ResourceTreeProvider(roots, statusHub);
	const treeView = vscode.window.createTreeView('azuremlExplorer.resources', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
	// Only what the user can see is polled: a collapsed folder or a hidden view stops its runs' polls;
	// redrawing a view that shows again lists (and so watches) its expanded folders' runs again.
	const watchVisible = [
		treeView.onDidCollapseElement((e) => tree.runs.unwatchBelow(e.element)),
		treeView.onDidChangeVisibility((e) => (e.visible ? tree.redraw() : tree.runs.clear())),
	];
	// New runs only change Local; a store that moved can also swap the welcome and the roots.
	const onLocalChange = (change: LocalChange) => (change === 'runs' ? tree.refresh(localNode) : tree.redraw());
	const disposables = [tree, treeView, ...watchVisible, local.onDidChange(onLocalChange), endpoints.onDidChange(() => tree.refresh(localNode.endpointsFolder)), watchAzureRoot(azure, tree, treeView, (root) => (azureRoot = root))];
	return { tree, treeView, localNode, disposables };
}
