import * as vscode from 'vscode';
import type { AzureSession } from '../../azure/AzureSession';
import type { ResourceTreeProvider } from '../ResourceTreeProvider';
import type { TreeNode } from '../TreeNode';
import { AzureAccountNode, AzureSignInNode } from './AzureRootNode';
import { showCuratedSetting } from './environmentFolder';
import { selectedSubscriptionsSetting } from './subscriptionFilter';

/**
 * Keeps the Azure root in step with the session: "Sign in to Azure…" while signed out, the account
 * and its subscriptions once signed in, the account also in the view's description. Filter and
 * toggle settings reload what they change.
 */
export function watchAzureRoot(session: AzureSession, tree: ResourceTreeProvider, view: vscode.TreeView<TreeNode>, setRoot: (root: TreeNode) => void): vscode.Disposable {
	let root: TreeNode;
	const update = (): void => {
		root = session.isSignedIn ? new AzureAccountNode(session) : new AzureSignInNode();
		setRoot(root);
		view.description = session.account;
		tree.refresh();
	};
	update();
	return vscode.Disposable.from(
		session.onDidChange(update),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (session.isSignedIn && (e.affectsConfiguration(`azuremlExplorer.${selectedSubscriptionsSetting}`) || e.affectsConfiguration(`azuremlExplorer.${showCuratedSetting}`))) {
				update();
			}
		}),
	);
}
