import * as vscode from 'vscode';
import type { AzureSession } from '../../azure/AzureSession';
import { CommandId } from '../../commands/commandIds';
import { ContextValue } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { SubscriptionNode } from './SubscriptionNode';
import { isShown, selectedSubscriptions } from './subscriptionFilter';

/** Signed out: one clickable "Sign in to Azure…" line beside Local. */
export class AzureSignInNode implements TreeNode {
	readonly id = 'azure/#signIn';

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Sign in to Azure…', vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('sign-in');
		item.contextValue = ContextValue.AzureSignIn;
		item.command = { command: CommandId.SignIn, title: 'Sign In' };
		return item;
	}
}

/** Signed in: "Azure" (the account), then the subscriptions the filter shows. */
export class AzureAccountNode extends AzureFolderNode {
	constructor(private readonly session: AzureSession) {
		super(
			{
				id: 'azure',
				label: 'Azure',
				icon: 'azure',
				expanded: true,
				contextValue: ContextValue.AzureAccount,
				empty: 'No subscriptions: check the account and tenant you signed in with',
				fetchPage: async (folder, token) => {
					const [azure, connection] = await Promise.all([session.azureModule(), session.connection()]);
					const page = await azure.listSubscriptions(connection, token);
					const selected = selectedSubscriptions();
					const shown = page.items.filter((s) => isShown(s.subscriptionId, selected));
					if (shown.length === 0 && page.items.length > 0 && !page.nextPageToken) {
						return { nodes: [new HiddenSubscriptionsNode(folder)] };
					}
					return { nodes: shown.map((s) => new SubscriptionNode(s, session, folder)), nextPageToken: page.nextPageToken };
				},
			},
			undefined,
		);
	}

	override getTreeItem(): vscode.TreeItem {
		const item = super.getTreeItem();
		item.description = this.session.account;
		return item;
	}
}

/** Every subscription is filtered out: say so, and offer the filter. */
class HiddenSubscriptionsNode implements TreeNode {
	readonly id: string;

	constructor(private readonly parent: TreeNode) {
		this.id = `${parent.id}/#hidden`;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('All subscriptions are hidden: Select Subscriptions…', vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('filter');
		item.contextValue = ContextValue.Message;
		item.command = { command: CommandId.SelectSubscriptions, title: 'Select Subscriptions' };
		return item;
	}

	getParent(): TreeNode {
		return this.parent;
	}
}
