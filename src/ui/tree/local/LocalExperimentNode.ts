import * as vscode from 'vscode';
import type { LocalBackend } from '../../../core/backends/local/localBackend';
import type { RunSummary } from '../../../core/backends/types';
import type { StoredExperiment } from '../../../core/backends/local/mlflowFileStore';
import { CommandId } from '../../commands/commandIds';
import { ContextValue } from '../contextValues';
import { PagedChildren } from '../PagedChildren';
import { RunNode } from '../RunNode';
import type { TreeNode } from '../TreeNode';

/** One experiment of the local store: its runs, newest first, a page at a time. */
export class LocalExperimentNode implements TreeNode {
	readonly id: string;
	private readonly runs: PagedChildren;
	/** One node per run, kept across refreshes: the status watcher and whoever holds a node see the same one. */
	private readonly runNodes = new Map<string, RunNode>();

	constructor(
		private readonly experiment: StoredExperiment,
		private readonly backend: LocalBackend,
		private readonly parent: TreeNode,
	) {
		this.id = `local/${experiment.id}`;
		this.runs = new PagedChildren(async (pageToken) => {
			const page = await backend.listRuns({ experiment: experiment.name, pageToken });
			return {
				nodes: page.runs.map((run) => this.runNode(run)),
				nextPageToken: page.nextPageToken,
			};
		});
	}

	get experimentId(): string {
		return this.experiment.id;
	}

	get name(): string {
		return this.experiment.name;
	}

	/** The node of a run, updated to `run` (a summary just read) if the node exists already. */
	runNode(run: RunSummary): RunNode {
		const node = this.runNodes.get(run.id);
		if (node) {
			node.update(run);
			return node;
		}
		const created = new RunNode(`${this.id}/${run.id}`, run, this.backend, this);
		this.runNodes.set(run.id, created);
		return created;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.experiment.name, vscode.TreeItemCollapsibleState.Expanded);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('beaker');
		item.contextValue = ContextValue.Experiment;
		return item;
	}

	getChildren(): Promise<TreeNode[]> {
		return this.runs.children(this, CommandId.LoadMore);
	}

	getParent(): TreeNode {
		return this.parent;
	}

	loadMore(): Promise<void> {
		return this.runs.loadMore();
	}

	invalidate(): void {
		this.runs.reset();
	}
}
