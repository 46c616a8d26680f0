import type { DataContainer, Datastore } from '@azure/arm-machinelearning';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { ContextValue, joinContext } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

/** Data: data assets (with their versions) and datastores (the default one marked). */
export function dataFolder(parent: TreeNode, handle: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	const { workspace } = handle;
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#data`,
			label: 'Data',
			icon: 'database',
			empty: '',
			contextValue: joinContext(ContextValue.AzureFolder, ContextValue.DataFolder),
			fetchPage: (folder) => Promise.resolve({ nodes: [dataAssetsFolder(folder, handle, azure), datastoresFolder(folder, handle, azure)] }),
		},
		parent,
	);
}

function dataAssetsFolder(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#dataAssets`,
			label: 'Data assets',
			icon: 'file-binary',
			empty: 'No data assets yet',
			contextValue: joinContext(ContextValue.AzureFolder, ContextValue.DataFolder),
			fetchPage: async (folder, token) => {
				const page = await azure.listDataAssets(workspace, token);
				return { nodes: page.items.map((asset) => dataAssetNode(folder, workspace, azure, asset)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

function dataAssetNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], azure: AzureModule, asset: DataContainer): TreeNode {
	const name = asset.name ?? '';
	const p = asset.properties;
	return new AzureResourceNode(
		{
			resource: { id: asset.id ?? `${workspace.armId}/data/${name}`, name, label: `data asset "${name}"` },
			description: p.latestVersion ? `latest ${p.latestVersion}` : undefined,
			icon: 'file-binary',
			details: () => [['Type', p.dataType], ['Latest version', p.latestVersion], ['Description', p.description], ['Resource id', asset.id]],
			children: {
				empty: 'No versions',
				fetchPage: async (node, token) => {
					const page = await azure.listDataVersions(workspace, name, token);
					const nodes = page.items.map(
						(v) =>
							new AzureResourceNode(
								{
									resource: {
										id: v.id ?? `${workspace.armId}/data/${name}/versions/${v.name ?? ''}`,
										name: `${name}:${v.name ?? ''}`,
										label: `data asset "${name}:${v.name ?? ''}"`,
										studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `data/${name}/${v.name ?? ''}/details`),
									},
									label: v.name ?? '',
									description: v.properties.dataType,
									icon: 'versions',
									details: () => [['Type', v.properties.dataType], ['URI', v.properties.dataUri], ['Description', v.properties.description], ['Resource id', v.id]],
								},
								node,
							),
					);
					return { nodes, nextPageToken: page.nextPageToken };
				},
			},
		},
		parent,
	);
}

function datastoresFolder(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#datastores`,
			label: 'Datastores',
			icon: 'archive',
			empty: 'No datastores',
			fetchPage: async (folder, token) => {
				const page = await azure.listDatastores(workspace, token);
				return { nodes: page.items.map((d) => datastoreNode(folder, workspace, d)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

function datastoreNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], datastore: Datastore): TreeNode {
	const name = datastore.name ?? '';
	const p = datastore.properties as { datastoreType?: string; isDefault?: boolean; accountName?: string; containerName?: string; description?: string };
	return new AzureResourceNode(
		{
			resource: {
				id: datastore.id ?? `${workspace.armId}/datastores/${name}`,
				name,
				label: `datastore "${name}"`,
				studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `datastore/${name}`),
			},
			contextValue: ContextValue.Datastore,
			description: [p.isDefault && 'default', p.datastoreType].filter(Boolean).join(' · '),
			icon: p.isDefault ? 'star-full' : 'archive',
			details: () => [
				['Type', p.datastoreType],
				['Default', p.isDefault ? 'yes' : 'no'],
				['Account', p.accountName],
				['Container', p.containerName],
				['Description', p.description],
				['Resource id', datastore.id],
			],
		},
		parent,
	);
}
