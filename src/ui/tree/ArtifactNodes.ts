import * as vscode from 'vscode';
import { artifactChildren, type ArtifactEntry, type RunArtifact } from '../../core/artifacts/runArtifacts';
import { formatBytes } from '../../core/format';
import { artifactUri } from '../artifacts/artifactUris';
import type { HasRunTarget, RunTarget } from '../runTarget';
import { ContextValue, joinContext } from './contextValues';
import { MessageNode } from './messageNodes';
import type { TreeNode } from './TreeNode';

/** A run's artifacts, listed once per expand of the run and kept until the run changes or is refreshed. */
export class RunArtifacts {
	private listing: Promise<RunArtifact[]> | undefined;

	constructor(private readonly target: () => RunTarget) {}

	get available(): boolean {
		return typeof this.target().backend.listArtifacts === 'function';
	}

	all(): Promise<RunArtifact[]> {
		if (!this.listing) {
			const { backend, runId } = this.target();
			const listing = backend.listArtifacts?.(runId, '') ?? Promise.resolve([]);
			// A failed listing is not kept: the error node's retry lists again.
			listing.catch(() => {
				if (this.listing === listing) {
					this.listing = undefined;
				}
			});
			this.listing = listing;
		}
		return this.listing;
	}

	forget(): void {
		this.listing = undefined;
	}

	/** The nodes under `folder` ('' for the run itself). */
	async children(parent: TreeNode & HasRunTarget, folder: string): Promise<TreeNode[]> {
		const entries = artifactChildren(await this.all(), folder);
		if (entries.length === 0) {
			return [new MessageNode(`${parent.id}/#empty`, folder === '' ? 'No outputs or logs yet' : 'Empty', parent, new vscode.ThemeIcon('info'))];
		}
		return entries.map((entry) => new ArtifactNode(entry, this, parent));
	}
}

/** A file or folder among a run's outputs and logs: opens read-only, downloads, registers as a model. */
export class ArtifactNode implements TreeNode, HasRunTarget {
	readonly id: string;

	constructor(
		readonly entry: ArtifactEntry,
		private readonly artifacts: RunArtifacts,
		private readonly parent: TreeNode & HasRunTarget,
	) {
		this.id = `${parent.runTarget.backend.workspaceId ?? parent.runTarget.backend.kind}/runs/${parent.runTarget.runId}/#artifacts/${entry.path}`;
	}

	get runTarget(): RunTarget {
		return this.parent.runTarget;
	}

	/** Every file at or below this node. */
	async files(): Promise<RunArtifact[]> {
		if (this.entry.kind === 'file') {
			return [this.entry.artifact];
		}
		const prefix = `${this.entry.path}/`;
		return (await this.artifacts.all()).filter((a) => a.path.startsWith(prefix));
	}

	getTreeItem(): vscode.TreeItem {
		const folder = this.entry.kind === 'folder';
		const item = new vscode.TreeItem(this.entry.name, folder ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.contextValue = joinContext(
			folder ? ContextValue.ArtifactFolder : ContextValue.ArtifactFile,
			this.runTarget.backend.kind === 'local' ? ContextValue.LocalArtifact : ContextValue.AzureArtifact,
		);
		const uri = artifactUri(this.runTarget, this.entry.path);
		item.resourceUri = uri;
		item.iconPath = folder ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
		if (this.entry.kind === 'file') {
			item.description = this.entry.artifact.size !== undefined ? formatBytes(this.entry.artifact.size) : undefined;
			item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { preview: true }] };
		}
		item.tooltip = this.entry.path;
		return item;
	}

	getChildren(): Promise<TreeNode[]> {
		return this.entry.kind === 'folder' ? this.artifacts.children(this, this.entry.path) : Promise.resolve([]);
	}

	getParent(): TreeNode {
		return this.parent;
	}
}
