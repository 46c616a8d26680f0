import * as vscode from 'vscode';
import { listLocalDataAssets, type LocalDataAsset } from '../../../core/backends/local/localDataAssets';
import { ContextValue } from '../contextValues';
import type { TreeNode } from '../TreeNode';

/** "Data" under Local: the local data assets, each with its versions (folders of this machine). */
export class LocalDataFolderNode implements TreeNode {
	readonly id = 'local/#data';

	constructor(
		private readonly store: string,
		private readonly parent: TreeNode,
	) {}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Data', vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('database');
		item.contextValue = ContextValue.LocalDataFolder;
		item.tooltip = 'Folders of this machine registered as data assets, which Local runs read as inputs';
		return item;
	}

	async getChildren(): Promise<TreeNode[]> {
		const byName = new Map<string, LocalDataAsset[]>();
		for (const asset of await listLocalDataAssets(this.store)) {
			byName.set(asset.name, [...(byName.get(asset.name) ?? []), asset]);
		}
		return [...byName].map(([name, versions]) => new LocalDataAssetNode(name, versions, this));
	}

	getParent(): TreeNode {
		return this.parent;
	}
}

class LocalDataAssetNode implements TreeNode {
	readonly id: string;

	constructor(
		private readonly name: string,
		private readonly versions: readonly LocalDataAsset[],
		private readonly parent: TreeNode,
	) {
		this.id = `local/#data/${name}`;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('file-binary');
		item.description = `${this.versions.length} version${this.versions.length === 1 ? '' : 's'}`;
		item.contextValue = ContextValue.LocalDataAsset;
		return item;
	}

	getChildren(): Promise<TreeNode[]> {
		return Promise.resolve(this.versions.map((asset) => new LocalDataVersionNode(asset, this)));
	}

	getParent(): TreeNode {
		return this.parent;
	}
}

class LocalDataVersionNode implements TreeNode {
	readonly id: string;

	constructor(
		private readonly asset: LocalDataAsset,
		private readonly parent: TreeNode,
	) {
		this.id = `local/#data/${asset.name}/${asset.version}`;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.asset.version, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('versions');
		item.description = vscode.workspace.asRelativePath(this.asset.path);
		const tooltip = new vscode.MarkdownString();
		tooltip.appendMarkdown(`**${this.asset.name}:${this.asset.version}** (uri_folder)\n\n`);
		tooltip.appendText(this.asset.path);
		if (this.asset.description) {
			tooltip.appendMarkdown('\n\n');
			tooltip.appendText(this.asset.description);
		}
		item.tooltip = tooltip;
		item.contextValue = ContextValue.LocalDataAsset;
		return item;
	}

	getParent(): TreeNode {
		return this.parent;
	}
}
