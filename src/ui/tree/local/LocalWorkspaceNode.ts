import * as vscode from 'vscode';
import type { LocalBackend } from '../../../core/backends/local/localBackend';
import { ContextValue } from '../contextValues';
import { MessageNode } from '../messageNodes';
import type { TreeNode } from '../TreeNode';
import { hasLocalDataAssets } from '../../../core/backends/local/localDataAssets';
import { LocalDataFolderNode } from './LocalDataFolderNode';
import type { LocalEndpoints } from '../../local/LocalEndpoints';
import { LocalEndpointsFolderNode } from './LocalEndpointNodes';
import { LocalExperimentNode } from './LocalExperimentNode';
import { LocalModelsFolderNode } from './LocalModelNodes';

/** "Local": runs on this machine, kept in an MLflow file store; always present, no account needed. */
export class LocalWorkspaceNode implements TreeNode {
	readonly id = 'local';
	private experiments = new Map<string, LocalExperimentNode>();
	/** The backend the experiment nodes list from: ids repeat across stores (1, 2, …), nodes must not. */
	private experimentsOf: LocalBackend | undefined;

	private models: LocalModelsFolderNode | undefined;
	readonly endpointsFolder: LocalEndpointsFolderNode;

	constructor(
		private readonly backend: () => LocalBackend | undefined,
		endpoints: LocalEndpoints,
	) {
		this.endpointsFolder = new LocalEndpointsFolderNode(endpoints, this);
	}

	/** The Models folder of the current store (undefined with no folder open). */
	get modelsFolder(): LocalModelsFolderNode | undefined {
		const backend = this.backend();
		if (!backend) {
			return undefined;
		}
		if (this.models?.backend !== backend) {
			this.models = new LocalModelsFolderNode(backend, this);
		}
		return this.models;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Local', vscode.TreeItemCollapsibleState.Expanded);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('vm');
		item.contextValue = ContextValue.LocalWorkspace;
		const store = this.backend()?.store;
		item.description = store ? vscode.workspace.asRelativePath(store) : 'no folder open';
		item.tooltip = store ? `Runs on this machine, stored in ${store} (MLflow file store)` : 'Open a folder to keep local runs in it.';
		return item;
	}

	async getChildren(): Promise<TreeNode[]> {
		const backend = this.backend();
		if (!backend) {
			return [new MessageNode(`${this.id}/#nofolder`, 'Open a folder to run scripts locally', this)];
		}
		const folders: TreeNode[] = [this.modelsFolder ?? [], this.endpointsFolder].flat();
		const [experiments, hasData] = await Promise.all([backend.listExperiments(), hasLocalDataAssets(backend.store)]);
		// After the experiments, so runs keep their places; Data only once a data asset was registered.
		const data = hasData ? [new LocalDataFolderNode(backend.store, this)] : [];
		if (experiments.length === 0) {
			return [new MessageNode(`${this.id}/#empty`, 'No runs yet: right-click a .py file › Submit Script as Job', this, new vscode.ThemeIcon('info')), ...data, ...folders];
		}
		if (backend !== this.experimentsOf) {
			this.experiments = new Map();
			this.experimentsOf = backend;
		}
		// Keep node objects (and the pages they loaded) across redraws.
		this.experiments = new Map(
			experiments.map((e) => [e.id, this.experiments.get(e.id) ?? new LocalExperimentNode(e, backend, this)]),
		);
		return [...this.experiments.values(), ...data, ...folders];
	}

	/** The experiment node a run belongs to, once the tree has listed it (for reveal). */
	experimentNode(name: string): LocalExperimentNode | undefined {
		return [...this.experiments.values()].find((n) => n.name === name);
	}

	invalidate(): void {
		for (const node of this.experiments.values()) {
			node.invalidate();
		}
	}
}
