import * as vscode from 'vscode';
import type { AzureRunBackend } from '../../../core/backends/azure/AzureRunBackend';
import type { RunSummary } from '../../../core/backends/types';
import { PagedList } from '../../../core/paging';
import { CommandId } from '../../commands/commandIds';
import { ContextValue } from '../contextValues';
import { LoadMoreNode, MessageNode } from '../messageNodes';
import type { TreeNode } from '../TreeNode';
import { AzureJobNode } from './AzureJobNode';

/**
 * Jobs, grouped by experiment, newest first. The service lists a workspace's jobs newest first and
 * cannot filter by experiment, so the folder fetches one page per expand or "Load more…" and sorts
 * the jobs of that page into their experiments; it never fetches more than one page per action.
 */
export class JobsFolderNode implements TreeNode {
	readonly id: string;
	private experiments = new Map<string, JobExperimentNode>();
	private readonly jobs: PagedList<RunSummary>;
	private sorted = 0;

	constructor(
		private readonly backend: AzureRunBackend,
		private readonly parent: TreeNode,
	) {
		this.id = `${backend.workspaceId}/#jobs`;
		this.jobs = new PagedList(async (pageToken) => {
			const page = await backend.listRuns({ pageToken });
			return { items: page.runs, nextPageToken: page.nextPageToken };
		});
	}

	get hasMore(): boolean {
		return this.jobs.hasMore;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem('Jobs', vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('beaker');
		item.contextValue = ContextValue.AzureFolder;
		return item;
	}

	async getChildren(): Promise<TreeNode[]> {
		await this.jobs.ensureLoaded();
		this.sortFetched();
		const children: TreeNode[] = [...this.experiments.values()];
		if (children.length === 0) {
			return [new MessageNode(`${this.id}/#empty`, 'No jobs yet', this, new vscode.ThemeIcon('info'))];
		}
		return this.jobs.hasMore ? [...children, new LoadMoreNode(this, CommandId.LoadMore)] : children;
	}

	getParent(): TreeNode {
		return this.parent;
	}

	/** Fetches the next page (the first on first expand); concurrent calls share one request. */
	async loadMore(): Promise<void> {
		await this.jobs.loadMore();
		this.sortFetched();
	}

	/**
	 * Sorts the jobs of pages fetched since the last call into their experiments, once: a job's node
	 * may since have a newer status from polling than its page says.
	 */
	private sortFetched(): void {
		for (const run of this.jobs.fetched.slice(this.sorted)) {
			let experiment = this.experiments.get(run.experiment);
			if (!experiment) {
				experiment = new JobExperimentNode(run.experiment, this.backend, this);
				this.experiments.set(run.experiment, experiment);
			}
			experiment.add(run);
		}
		this.sorted = this.jobs.fetched.length;
	}

	invalidate(): void {
		this.experiments = new Map();
		this.sorted = 0;
		this.jobs.reset();
	}
}

/** One experiment's jobs among the pages loaded so far, newest first. */
export class JobExperimentNode implements TreeNode {
	readonly id: string;
	private readonly jobs = new Map<string, AzureJobNode>();

	constructor(
		readonly name: string,
		private readonly backend: AzureRunBackend,
		private readonly folder: JobsFolderNode,
	) {
		this.id = `${backend.workspaceId}/experiments/${name}`;
	}

	/** One node per job: a job listed again updates its node in place. */
	add(run: RunSummary): void {
		const node = this.jobs.get(run.id);
		if (node) {
			node.update(run);
		} else {
			this.jobs.set(run.id, new AzureJobNode(run, this.backend, this));
		}
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('symbol-folder');
		item.description = `${this.jobs.size}${this.folder.hasMore ? '+' : ''} ${this.jobs.size === 1 ? 'job' : 'jobs'}`;
		item.contextValue = ContextValue.Experiment;
		return item;
	}

	getChildren(): Promise<TreeNode[]> {
		return Promise.resolve([...this.jobs.values()]);
	}

	getParent(): TreeNode {
		return this.folder;
	}
}
