import * as vscode from 'vscode';
import type { LocalEndpoint, LocalEndpoints } from '../../local/LocalEndpoints';
import { ContextValue } from '../contextValues';
import { MessageNode } from '../messageNodes';
import type { TreeNode } from '../TreeNode';

/** "Endpoints" under Local: the scoring servers this window runs. */
export class LocalEndpointsFolderNode implements TreeNode {
	readonly id = 'local/#endpoints';

	constructor(
		private readonly endpoints: LocalEndpoints,
		private readonly parent: TreeNode,
	) {}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Endpoints', vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('plug');
		item.contextValue = ContextValue.LocalEndpointsFolder;
		return item;
	}

	getChildren(): Promise<TreeNode[]> {
		const running = this.endpoints.list();
		return Promise.resolve(
			running.length === 0
				? [new MessageNode(`${this.id}/#empty`, 'No endpoints: right-click a model › Deploy Best Version', this, new vscode.ThemeIcon('info'))]
				: running.map((endpoint) => new LocalEndpointNode(endpoint, this)),
		);
	}

	getParent(): TreeNode {
		return this.parent;
	}
}

/** A Local endpoint: its model version and scoring URI; test, copy and delete from its menu. */
export class LocalEndpointNode implements TreeNode {
	readonly id: string;

	constructor(
		readonly endpoint: LocalEndpoint,
		private readonly parent: TreeNode,
	) {
		this.id = `local/#endpoints/${endpoint.name}`;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.endpoint.name, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('plug', new vscode.ThemeColor('testing.iconPassed'));
		item.description = `${this.endpoint.model.name}:${this.endpoint.model.version} · ${this.endpoint.server.scoringUri}`;
		item.tooltip = `${this.endpoint.scoringScript}\n${this.endpoint.server.scoringUri}`;
		item.contextValue = ContextValue.LocalEndpoint;
		return item;
	}

	getParent(): TreeNode {
		return this.parent;
	}
}
