import * as vscode from 'vscode';
import type { LocalBackend } from '../../../core/backends/local/localBackend';
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

	constructor(
		private readonly experiment: StoredExperiment,
		backend: LocalBackend,
		private readonly parent: TreeNode,
	) {
		this.id = `local/${experiment.id}`;
		this.runs = new PagedChildren(async (pageToken) => {
			const page = await backend.listRuns({ experiment: experiment.name, pageToken });
			return {
				nodes: page.runs.map((run) => new RunNode(this.runNodeId(run.id), run, backend, this)),
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

	runNodeId(runId: string): string {
		return `${this.id}/${runId}`;
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
