import * as vscode from 'vscode';
import type { LocalBackend } from '../../../core/backends/local/localBackend';
import { listLocalModels, listLocalModelVersions, type LocalModelVersion } from '../../../core/backends/local/modelRegistry';
import { formatTime } from '../../../core/format';
import { detailsMarkdown } from '../../../core/markdown';
import { describeSort, sortVersions, type VersionSort } from '../../../core/models/versionSort';
import { localSortKey, versionSortOf } from '../../models/versionSorts';
import { ContextValue } from '../contextValues';
import { MessageNode } from '../messageNodes';
import type { TreeNode } from '../TreeNode';

/** A Local model version's tags, the run's metrics among them, as `key=value` pairs. */
function tagSummary(version: LocalModelVersion): string {
	return Object.entries(version.tags)
		.filter(([key]) => !key.startsWith('azureml.'))
		.map(([key, value]) => `${key}=${value}`)
		.join(' · ');
}

/** "Models" under Local: the models of the MLflow registry in the store (`mlruns/models/`). */
export class LocalModelsFolderNode implements TreeNode {
	readonly id = 'local/#models';

	constructor(
		readonly backend: LocalBackend,
		private readonly parent: TreeNode,
	) {}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Models', vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('symbol-class');
		item.contextValue = ContextValue.LocalModelsFolder;
		return item;
	}

	async getChildren(): Promise<TreeNode[]> {
		const names = await listLocalModels(this.backend.store);
		if (names.length === 0) {
			return [new MessageNode(`${this.id}/#empty`, 'No models yet: right-click a run › Register Model…', this, new vscode.ThemeIcon('info'))];
		}
		return names.map((name) => new LocalModelNode(name, this.backend, this));
	}

	getParent(): TreeNode {
		return this.parent;
	}
}

/** One Local model: its versions, newest first or by the sort chosen for it. */
export class LocalModelNode implements TreeNode {
	readonly id: string;

	constructor(
		readonly name: string,
		readonly backend: LocalBackend,
		private readonly parent: TreeNode,
	) {
		this.id = `local/#models/${name}`;
	}

	get sort(): VersionSort | undefined {
		return versionSortOf(localSortKey(this.name));
	}

	versions(): Promise<LocalModelVersion[]> {
		return listLocalModelVersions(this.backend.store, this.name);
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('symbol-class');
		item.description = this.sort ? `by ${describeSort(this.sort)}` : undefined;
		item.contextValue = ContextValue.LocalModel;
		return item;
	}

	async getChildren(): Promise<TreeNode[]> {
		const versions = await this.versions();
		const sort = this.sort;
		const ordered = sort ? sortVersions(versions.map((v) => ({ ...v, properties: v.tags })), sort) : versions;
		return ordered.map((version) => new LocalModelVersionNode(version, this));
	}

	getParent(): TreeNode {
		return this.parent;
	}
}

/** A Local model version: its metrics (tags) in the description, the rest on hover. */
export class LocalModelVersionNode implements TreeNode {
	readonly id: string;

	constructor(
		readonly version: LocalModelVersion,
		private readonly parent: LocalModelNode,
	) {
		this.id = `${parent.id}/${version.version}`;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.version.version, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('versions');
		item.description = tagSummary(this.version) || this.version.description;
		item.contextValue = ContextValue.LocalModelVersion;
		item.tooltip = new vscode.MarkdownString(
			detailsMarkdown(`${this.version.name}:${this.version.version}`, [
				['Description', this.version.description],
				['Type', this.version.tags['azureml.modelType']],
				['Path', this.version.path],
				['From run', this.version.runId],
				['Registered', this.version.createdAt ? formatTime(this.version.createdAt) : undefined],
				...Object.entries(this.version.tags).filter(([key]) => !key.startsWith('azureml.')),
			]),
			true,
		);
		return item;
	}

	getParent(): TreeNode {
		return this.parent;
	}
}
