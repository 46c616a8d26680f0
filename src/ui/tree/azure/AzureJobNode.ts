import type * as vscode from 'vscode';
import type { RunSummary } from '../../../core/backends/types';
import type { AzureRunBackend } from '../../../core/backends/azure/AzureRunBackend';
import { ContextValue, joinContext } from '../contextValues';
import { RunNode } from '../RunNode';
import type { TreeNode } from '../TreeNode';
import { studioUrl, type AzureResourceInfo, type HasAzureResource } from './azureResource';

/** An Azure ML job: a run node (logs, metrics, cancel) that is also a resource (copy id, studio). */
export class AzureJobNode extends RunNode implements HasAzureResource {
	readonly resource: AzureResourceInfo;

	constructor(summary: RunSummary, backend: AzureRunBackend, parent: TreeNode) {
		const { armId, connection } = backend.workspace;
		const id = `${armId}/jobs/${summary.id}`;
		super(id, summary, backend, parent);
		this.resource = { id, name: summary.id, label: `job "${summary.displayName ?? summary.id}"`, studioUrl: studioUrl(connection.cloud, armId, `runs/${summary.id}`) };
	}

	override getTreeItem(): vscode.TreeItem {
		const item = super.getTreeItem();
		item.contextValue = joinContext(item.contextValue, ContextValue.AzureResource, ContextValue.InStudio);
		return item;
	}
}
