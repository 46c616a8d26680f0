import * as vscode from 'vscode';
import { detailsMarkdown, type DetailRows } from '../../../core/markdown';
import { ContextValue, joinContext } from '../contextValues';
import type { NodePage } from '../PagedChildren';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import type { AzureResourceInfo, HasAzureResource } from './azureResource';

export type { DetailRows };

export interface ResourceSpec {
	readonly resource: AzureResourceInfo;
	readonly label?: string;
	readonly description?: string;
	readonly icon: string | vscode.ThemeIcon;
	readonly details: () => DetailRows | Promise<DetailRows>;
	/** Versions, deployments…: makes the node expandable. */
	readonly children?: { readonly empty: string; fetchPage(parent: TreeNode, pageToken: string | undefined): Promise<NodePage> };
	readonly contextValue?: string;
}

/** One Azure resource (compute, datastore, model version…): id = its ARM id, detail on hover. */
export class AzureResourceNode extends AzureFolderNode implements HasAzureResource {
	readonly resource: AzureResourceInfo;

	constructor(
		private readonly resourceSpec: ResourceSpec,
		parent: TreeNode,
	) {
		super(
			{
				id: resourceSpec.resource.id,
				label: resourceSpec.label ?? resourceSpec.resource.name,
				icon: 'circle',
				empty: resourceSpec.children?.empty ?? '',
				fetchPage: (folder, token) => resourceSpec.children?.fetchPage(folder, token) ?? Promise.resolve({ nodes: [] }),
			},
			parent,
		);
		this.resource = resourceSpec.resource;
	}

	override getTreeItem(): vscode.TreeItem {
		const item = super.getTreeItem();
		const { icon, description, children, resource, contextValue } = this.resourceSpec;
		item.collapsibleState = children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
		item.iconPath = typeof icon === 'string' ? new vscode.ThemeIcon(icon) : icon;
		item.description = description;
		item.contextValue = joinContext(contextValue, ContextValue.AzureResource, resource.studioUrl && ContextValue.InStudio, resource.delete && ContextValue.Deletable);
		return item;
	}

	async resolveTooltip(): Promise<vscode.MarkdownString> {
		return detailsTooltip(this.resourceSpec.label ?? this.resource.name, await this.resourceSpec.details());
	}
}

/** A Markdown tooltip: the name in bold, then one `name: value` row per known detail. */
export function detailsTooltip(title: string, rows: DetailRows): vscode.MarkdownString {
	return new vscode.MarkdownString(detailsMarkdown(title, rows), true);
}
