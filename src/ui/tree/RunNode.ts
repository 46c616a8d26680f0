import * as vscode from 'vscode';
import type { RunBackend, RunSummary } from '../../core/backends/types';
import { isTerminal } from '../../core/backends/types';
import { formatDuration, formatTime } from '../../core/format';
import { detailsMarkdown } from '../../core/markdown';
import type { HasRunTarget, RunTarget } from '../runTarget';
import { RunArtifacts } from './ArtifactNodes';
import { ContextValue, joinContext } from './contextValues';
import { statusIcon } from './statusIcons';
import type { TreeNode } from './TreeNode';

/** A job (Azure) or a run (Local): status icon, status and duration; its details load on hover. */
export class RunNode implements TreeNode, HasRunTarget {
	/** Why the status shown may be stale: the refreshes that kept failing, until one succeeds. */
	private pollFailure: string | undefined;
	/** Its outputs and logs, listed when the run is expanded. */
	private readonly artifacts = new RunArtifacts(() => this.runTarget);

	constructor(
		readonly id: string,
		private summary: RunSummary,
		private readonly backend: RunBackend,
		private readonly parent: TreeNode,
	) {}

	get runTarget(): RunTarget {
		return { backend: this.backend, runId: this.summary.id, label: this.summary.displayName ?? this.summary.id };
	}

	get isActive(): boolean {
		return !isTerminal(this.summary.status);
	}

	/** Takes a newer summary of the same run; true when what the node shows changed. */
	update(summary: RunSummary): boolean {
		const changed = summary.status !== this.summary.status || summary.endedAt !== this.summary.endedAt || this.pollFailure !== undefined;
		this.summary = summary;
		this.pollFailure = undefined;
		if (changed) {
			this.artifacts.forget(); // a run that moved on may have written more
		}
		return changed;
	}

	/** Shows that refreshing the status keeps failing; true when what the node shows changed. */
	setPollFailure(message: string): boolean {
		const changed = message !== this.pollFailure;
		this.pollFailure = message;
		return changed;
	}

	getTreeItem(): vscode.TreeItem {
		const { status, startedAt, endedAt } = this.summary;
		const collapsible = this.artifacts.available ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
		const item = new vscode.TreeItem(this.summary.displayName ?? this.summary.id, collapsible);
		item.id = this.id;
		const duration = startedAt ? formatDuration((endedAt ?? Date.now()) - startedAt) : undefined;
		item.description = [status, duration, this.pollFailure && 'status not refreshed'].filter(Boolean).join(' · ');
		item.iconPath = this.pollFailure ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : statusIcon(status);
		if (this.pollFailure) {
			item.tooltip = `Could not refresh the status: ${this.pollFailure}`;
		}
		item.contextValue = joinContext(
			ContextValue.Run,
			this.isActive && ContextValue.RunActive,
			this.backend.kind === 'local' ? ContextValue.RunLocal : ContextValue.RunAzure,
		);
		return item;
	}

	getParent(): TreeNode {
		return this.parent;
	}

	/** Its outputs/, logs/ and other artifact folders and files. */
	getChildren(): Promise<TreeNode[]> {
		return this.artifacts.children(this, '');
	}

	/** Every artifact of the run (for Download… and Register Model… on the run). */
	listArtifacts(): ReturnType<RunArtifacts['all']> {
		return this.artifacts.all();
	}

	invalidate(): void {
		this.artifacts.forget();
	}

	async resolveTooltip(): Promise<vscode.MarkdownString> {
		const run = await this.backend.getRun(this.summary.id);
		return new vscode.MarkdownString(
			detailsMarkdown(run.displayName ?? run.id, [
				['Run', run.id],
				['Experiment', run.experiment],
				['Status', run.status],
				['Started', run.startedAt ? formatTime(run.startedAt) : undefined],
				['Ended', run.endedAt ? formatTime(run.endedAt) : undefined],
				['Duration', run.startedAt ? formatDuration((run.endedAt ?? Date.now()) - run.startedAt) : undefined],
				['Error', run.error],
				...Object.entries(run.params).map(([k, v]): [string, string] => [`param ${k}`, v]),
			]),
			true,
		);
	}
}
