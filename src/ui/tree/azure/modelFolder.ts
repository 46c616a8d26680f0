import type { ModelContainer, ModelVersion } from '@azure/arm-machinelearning';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { ContextValue } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

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
				return { nodes: page.items.map((m) => modelNode(folder, workspace, azure, m)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

function modelNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], azure: AzureModule, model: ModelContainer): TreeNode {
	const name = model.name ?? '';
	const p = model.properties;
	return new AzureResourceNode(
		{
			resource: { id: model.id ?? `${workspace.armId}/models/${name}`, name, label: `model "${name}"` },
			description: p.latestVersion ? `latest ${p.latestVersion}` : undefined,
			icon: 'symbol-class',
			details: () => [['Latest version', p.latestVersion], ['Description', p.description], ['Resource id', model.id]],
			children: {
				empty: 'No versions',
				fetchPage: async (node, token) => {
					const page = await azure.listModelVersions(workspace, name, token);
					return { nodes: page.items.map((v) => modelVersionNode(node, workspace, name, v)), nextPageToken: page.nextPageToken };
				},
			},
		},
		parent,
	);
}

function modelVersionNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], model: string, version: ModelVersion): TreeNode {
	const p = version.properties;
	const properties = Object.entries(p.properties ?? {}).filter(([key]) => !key.startsWith('_'));
	return new AzureResourceNode(
		{
			resource: {
				id: version.id ?? `${workspace.armId}/models/${model}/versions/${version.name ?? ''}`,
				name: `${model}:${version.name ?? ''}`,
				label: `model "${model}:${version.name ?? ''}"`,
				studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `models/${model}/${version.name ?? ''}`),
			},
			label: version.name ?? '',
			contextValue: ContextValue.AzureModelVersion,
			description: properties.map(([k, v]) => `${k}=${v}`).join(' · ') || p.modelType,
			icon: 'versions',
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
