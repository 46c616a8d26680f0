import * as vscode from 'vscode';
import type { Workspace } from '@azure/arm-machinelearning';
import type { AzureRunBackend } from '../../../core/backends/azure/AzureRunBackend';
import type { AzureWorkspace } from '../../../core/backends/azure/AzureWorkspace';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { ContextValue, joinContext } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import type { AzureFolderNode } from './AzureFolderNode';
import { detailsTooltip } from './AzureResourceNode';
import { studioUrl, type AzureResourceInfo, type HasAzureResource } from './azureResource';
import { computeFolder } from './computeFolder';
import { dataFolder } from './dataFolder';
import { endpointFolder } from './endpointFolder';
import { environmentFolder } from './environmentFolder';
import { JobsFolderNode } from './JobsFolderNode';
import { modelFolder } from './modelFolder';

/**
 * An Azure ML workspace. Other commands (submit, logs, metrics) take `workspace` and `backend`
 * from it; its folders are built once and keep what they loaded until refreshed.
 */
export class WorkspaceNode implements TreeNode, HasAzureResource {
	readonly id: string;
	readonly resource: AzureResourceInfo;
	private readonly folders: (AzureFolderNode | JobsFolderNode)[];

	constructor(
		private readonly handle: WorkspaceHandle,
		private readonly properties: Workspace,
		azure: AzureModule,
		private readonly parent: TreeNode,
		/** The config file of an open folder that names this workspace, making it Submit's default. */
		readonly configFile?: string,
	) {
		const { workspace } = handle;
		this.id = workspace.armId;
		this.resource = {
			// The listed id may carry a lower-cased resource group; the ref has the owner's casing.
			id: workspace.armId,
			name: workspace.ref.workspace,
			label: workspace.label,
			studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, 'home'),
		};
		this.folders = [
			computeFolder(this, handle, azure),
			dataFolder(this, handle, azure),
			environmentFolder(this, handle, azure),
			new JobsFolderNode(handle.backend, this),
			modelFolder(this, handle, azure),
			endpointFolder(this, handle, azure),
		];
	}

	get workspace(): AzureWorkspace {
		return this.handle.workspace;
	}

	get backend(): AzureRunBackend {
		return this.handle.backend;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.workspace.ref.workspace, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.description = [this.configFile && 'default', this.workspace.ref.resourceGroup, this.properties.location].filter(Boolean).join(' · ');
		item.iconPath = new vscode.ThemeIcon('azure');
		item.contextValue = joinContext(ContextValue.Workspace, ContextValue.AzureResource, ContextValue.InStudio);
		return item;
	}

	getChildren(): Promise<TreeNode[]> {
		return Promise.resolve(this.folders);
	}

	getParent(): TreeNode {
		return this.parent;
	}

	resolveTooltip(): Promise<vscode.MarkdownString> {
		const p = this.properties;
		return Promise.resolve(
			detailsTooltip(this.workspace.ref.workspace, [
				['Resource group', this.workspace.ref.resourceGroup],
				['Region', p.location],
				['Friendly name', p.friendlyName],
				['Description', p.description],
				['Storage', p.storageAccount?.split('/').pop()],
				['Default for this folder', this.configFile],
				['Resource id', this.resource.id],
			]),
		);
	}

	/** Refreshing a workspace reloads every folder it has opened. */
	invalidate(): void {
		for (const folder of this.folders) {
			folder.invalidate();
		}
	}
}
