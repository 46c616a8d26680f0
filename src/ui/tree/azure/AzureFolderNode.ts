import * as vscode from 'vscode';
import { CommandId } from '../../commands/commandIds';
import { ContextValue } from '../contextValues';
import { MessageNode } from '../messageNodes';
import { PagedChildren, type NodePage } from '../PagedChildren';
import type { TreeNode } from '../TreeNode';

export interface FolderSpec {
	readonly id: string;
	readonly label: string;
	readonly icon: string;
	/** Shown as the only child when the folder has nothing, e.g. "No computes". */
	readonly empty: string;
	readonly contextValue?: string;
	readonly description?: string;
	readonly expanded?: boolean;
	/** One page of children (never all pages at once). */
	fetchPage(folder: TreeNode, pageToken: string | undefined): Promise<NodePage>;
}

/**
 * A node whose children come from the service a page at a time: a workspace's Compute, Data,
 * Models…, a subscription's workspaces, a model's versions. Failures become an error child (the
 * provider), an empty list says so.
 */
export class AzureFolderNode implements TreeNode {
	readonly id: string;
	private readonly pages: PagedChildren;

	constructor(
		protected readonly spec: FolderSpec,
		private readonly parent: TreeNode | undefined,
	) {
		this.id = spec.id;
		this.pages = new PagedChildren((token) => spec.fetchPage(this, token));
	}

	getTreeItem(): vscode.TreeItem {
		const state = this.spec.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
		const item = new vscode.TreeItem(this.spec.label, state);
		item.id = this.id;
		item.description = this.spec.description;
		item.iconPath = new vscode.ThemeIcon(this.spec.icon);
		item.contextValue = this.spec.contextValue ?? ContextValue.AzureFolder;
		return item;
	}

	async getChildren(): Promise<TreeNode[]> {
		const children = await this.pages.children(this, CommandId.LoadMore);
		return children.length === 0 ? [new MessageNode(`${this.id}/#empty`, this.spec.empty, this, new vscode.ThemeIcon('info'))] : children;
	}

	getParent(): TreeNode | undefined {
		return this.parent;
	}

	loadMore(): Promise<void> {
		return this.pages.loadMore();
	}

	invalidate(): void {
		this.pages.reset();
	}
}
