import * as vscode from 'vscode';
import { redact } from '../../core/azure/redact';
import { ContextValue } from './contextValues';
import type { TreeNode } from './TreeNode';

/** A line of text in a folder, e.g. "No runs yet". */
export class MessageNode implements TreeNode {
	constructor(
		readonly id: string,
		private readonly message: string,
		private readonly parent?: TreeNode,
		private readonly icon?: vscode.ThemeIcon,
	) {}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.contextValue = ContextValue.Message;
		item.iconPath = this.icon;
		return item;
	}

	getParent(): TreeNode | undefined {
		return this.parent;
	}
}

/** Stands in for children that failed to load: says why, and clicking it tries again. */
export class ErrorNode implements TreeNode {
	readonly id: string;

	constructor(
		private readonly parent: TreeNode | undefined,
		private readonly error: unknown,
		private readonly retryCommand: string,
	) {
		this.id = `${parent?.id ?? 'root'}/#error`;
	}

	getTreeItem(): vscode.TreeItem {
		const message = redact(this.error instanceof Error ? this.error.message : String(this.error));
		const item = new vscode.TreeItem(`Failed to load: ${message.split('\n')[0]}`, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = 'click to retry';
		item.tooltip = message;
		item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
		item.contextValue = ContextValue.Error;
		item.command = { command: this.retryCommand, title: 'Retry', arguments: [this.parent] };
		return item;
	}

	getParent(): TreeNode | undefined {
		return this.parent;
	}
}

/** The last child of a paged folder; clicking it fetches exactly one more page. */
export class LoadMoreNode implements TreeNode {
	readonly id: string;

	constructor(
		private readonly parent: TreeNode,
		private readonly loadMoreCommand: string,
	) {
		this.id = `${parent.id}/#loadMore`;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('refresh');
		item.contextValue = ContextValue.LoadMore;
		item.command = { command: this.loadMoreCommand, title: 'Load More', arguments: [this.parent] };
		return item;
	}

	getParent(): TreeNode {
		return this.parent;
	}
}
