import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import { extensionLog } from '../extensionLog';
import { ErrorNode } from './messageNodes';
import { RunNode } from './RunNode';
import type { RunStatusHub } from '../../core/runs/RunStatusHub';
import { RunStatusWatcher } from './RunStatusWatcher';
import type { TreeNode } from './TreeNode';

/** Nodes whose children are cached (pages, lists) and must be dropped on an explicit refresh. */
export interface Refreshable {
	invalidate(): void;
}

function isRefreshable(node: unknown): node is Refreshable {
	return typeof (node as Partial<Refreshable> | undefined)?.invalidate === 'function';
}

/**
 * The Azure ML view's data. It never throws: a node whose children fail to load gets an error
 * child with the reason and a retry, and the rest of the tree keeps working.
 */
export class ResourceTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	readonly runs: RunStatusWatcher;

	constructor(
		private readonly roots: () => TreeNode[],
		statusHub: RunStatusHub,
	) {
		this.runs = new RunStatusWatcher(statusHub, (node) => this.changed.fire(node));
	}

	getTreeItem(node: TreeNode): vscode.TreeItem {
		return node.getTreeItem();
	}

	async getChildren(node?: TreeNode): Promise<TreeNode[]> {
		if (!node) {
			return this.roots();
		}
		try {
			const children = (await node.getChildren?.()) ?? [];
			for (const child of children) {
				if (child instanceof RunNode) {
					this.runs.watch(child);
				}
			}
			return children;
		} catch (error) {
			extensionLog.error(`Loading ${node.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			return [new ErrorNode(node, error, CommandId.Refresh)];
		}
	}

	getParent(node: TreeNode): TreeNode | undefined {
		return node.getParent?.();
	}

	async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
		if (node.resolveTooltip) {
			try {
				item.tooltip = (await node.resolveTooltip()) ?? item.tooltip;
			} catch (error) {
				item.tooltip = `Could not load details: ${error instanceof Error ? error.message : String(error)}`;
			}
		}
		return item;
	}

	/** Reloads a node's children from the service (the whole tree without a node). */
	refresh(node?: TreeNode): void {
		// The runs shown again are watched again as their folders list them.
		if (node) {
			this.runs.unwatchBelow(node);
		} else {
			this.runs.clear();
		}
		for (const target of node ? [node] : this.roots()) {
			if (isRefreshable(target)) {
				target.invalidate();
			}
		}
		this.changed.fire(node);
	}

	/** Redraws a node (the whole tree without one) with what it already holds, e.g. after "Load more…" fetched a page. */
	redraw(node?: TreeNode): void {
		this.changed.fire(node);
	}

	dispose(): void {
		this.runs.dispose();
		this.changed.dispose();
	}
}
