import type * as vscode from 'vscode';

/**
 * One node of the Azure ML view. Each kind of node is a small class behind this interface; ids
 * come from resource ids (never labels) so expansion and selection survive a refresh.
 */
export interface TreeNode {
	readonly id: string;
	getTreeItem(): vscode.TreeItem;
	/** Absent for leaves. Throwing is fine: the provider turns a failure into an error node. */
	getChildren?(): Promise<TreeNode[]>;
	getParent?(): TreeNode | undefined;
	/** Fills the tooltip (and other detail) when the user first hovers, not when the tree loads. */
	resolveTooltip?(): Promise<vscode.MarkdownString | string | undefined>;
}
