import type { ModelContainer, ModelVersion } from '@azure/arm-machinelearning';
import type * as vscode from 'vscode';
import type { AzureWorkspace } from '../../../core/backends/azure/AzureWorkspace';
import { describeSort, sortVersions, type VersionSort } from '../../../core/models/versionSort';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { azureSortKey, versionSortOf } from '../../models/versionSorts';
import { ContextValue } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

/** A model sorted by a property lists all its versions (the service cannot sort by one); this many at most. */
const maxSortedVersions = 2000;

/** Models: names, then their versions with their properties (e.g. `val_loss`) in the description. */
export function modelFolder(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#models`,
			label: 'Models',
			icon: 'symbol-class',
			empty: 'No models yet',
			fetchPage: async (folder, token) => {
				const page = await azure.listModels(workspace, token);
				return { nodes: page.items.map((m) => new AzureModelNode(folder, workspace, azure, m)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

/** The properties a version shows: its own, not the service's internal `_…` ones. */
export function shownProperties(version: ModelVersion): [string, string][] {
	return Object.entries(version.properties.properties ?? {})
		.filter(([key]) => !key.startsWith('_'))
		.map(([key, value]) => [key, value ?? '']);
}

/** A model: its versions, newest first a page at a time, or all of them by the sort chosen for it. */
export class AzureModelNode extends AzureResourceNode {
	constructor(
		parent: TreeNode,
		readonly workspace: AzureWorkspace,
		private readonly azure: AzureModule,
		readonly model: ModelContainer,
	) {
		const name = model.name ?? '';
		const id = model.id ?? `${workspace.armId}/models/${name}`;
		const p = model.properties;
		super(
			{
				resource: { id, name, label: `model "${name}"` },
				description: p.latestVersion ? `latest ${p.latestVersion}` : undefined,
				icon: 'symbol-class',
				contextValue: ContextValue.AzureModel,
				details: () => [['Latest version', p.latestVersion], ['Description', p.description], ['Sorted by', this.sort && describeSort(this.sort)], ['Resource id', model.id]],
				children: {
					empty: 'No versions',
					fetchPage: async (node, token) => {
						const sort = this.sort;
						if (sort) {
							return { nodes: (await this.sortedVersions(sort)).map((v) => new AzureModelVersionNode(node, workspace, name, v)) };
						}
						const page = await azure.listModelVersions(workspace, name, token);
						return { nodes: page.items.map((v) => new AzureModelVersionNode(node, workspace, name, v)), nextPageToken: page.nextPageToken };
					},
				},
			},
			parent,
		);
	}

	get sortKey(): string {
		return azureSortKey(this.resource.id);
	}

	override getTreeItem(): vscode.TreeItem {
		const item = super.getTreeItem();
		const sort = this.sort;
		item.description = [item.description, sort && `by ${describeSort(sort)}`].filter(Boolean).join(' · ') || undefined;
		return item;
	}

	get sort(): VersionSort | undefined {
		return versionSortOf(this.sortKey);
	}

	/** Every version (page after page), for a sort or a choice of property. */
	async allVersions(): Promise<ModelVersion[]> {
		const versions: ModelVersion[] = [];
		let token: string | undefined;
		do {
			const page = await this.azure.listModelVersions(this.workspace, this.resource.name, token);
			versions.push(...page.items);
			token = page.nextPageToken;
		} while (token && versions.length < maxSortedVersions);
		return versions;
	}

	private async sortedVersions(sort: VersionSort): Promise<ModelVersion[]> {
		const versions = (await this.allVersions()).map((v) => ({ version: v.name ?? '', properties: Object.fromEntries(shownProperties(v)), model: v }));
		return sortVersions(versions, sort).map((v) => v.model);
	}
}

/** A model version: its properties (the run's metrics) in the description; Download, Deploy. */
export class AzureModelVersionNode extends AzureResourceNode {
	constructor(
		parent: TreeNode,
		readonly workspace: AzureWorkspace,
		readonly model: string,
		readonly version: ModelVersion,
	) {
		const p = version.properties;
		const properties = shownProperties(version);
		super(
			{
				resource: {
					id: version.id ?? `${workspace.armId}/models/${model}/versions/${version.name ?? ''}`,
					name: `${model}:${version.name ?? ''}`,
					label: `model "${model}:${version.name ?? ''}"`,
					studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `models/${model}/${version.name ?? ''}`),
				},
				label: version.name ?? '',
				description: properties.map(([k, v]) => `${k}=${v}`).join(' · ') || p.modelType,
				icon: 'versions',
				contextValue: ContextValue.AzureModelVersion,
				details: () => [
					['Type', p.modelType],
					['URI', p.modelUri],
					['From job', p.jobName],
					['Description', p.description],
					...properties,
					...Object.entries(p.tags ?? {}).map(([k, v]): [string, string | null] => [`tag ${k}`, v]),
					['Resource id', version.id],
				],
			},
			parent,
		);
	}
}
