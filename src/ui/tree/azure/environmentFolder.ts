import * as vscode from 'vscode';
import type { EnvironmentContainer } from '@azure/arm-machinelearning';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { ContextValue, joinContext } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

/** Setting behind "Show Curated Environments": Azure's prebuilt `AzureML-*` environments. */
export const showCuratedSetting = 'showCuratedEnvironments';

export function isCurated(name: string): boolean {
	return /^AzureML-/i.test(name);
}

/** Environments: the registered ones with their versions; curated ones only when the toggle is on. */
export function environmentFolder(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#environments`,
			label: 'Environments',
			icon: 'package',
			empty: 'No environments yet',
			contextValue: joinContext(ContextValue.AzureFolder, ContextValue.EnvironmentFolder),
			fetchPage: async (folder, token) => {
				const showCurated = vscode.workspace.getConfiguration('azuremlExplorer').get<boolean>(showCuratedSetting, false);
				const page = await azure.listEnvironments(workspace, token);
				const shown = page.items.filter((e) => showCurated || !isCurated(e.name ?? ''));
				return { nodes: shown.map((e) => environmentNode(folder, workspace, azure, e)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

function environmentNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], azure: AzureModule, env: EnvironmentContainer): TreeNode {
	const name = env.name ?? '';
	const p = env.properties;
	return new AzureResourceNode(
		{
			resource: { id: env.id ?? `${workspace.armId}/environments/${name}`, name, label: `environment "${name}"` },
			description: [isCurated(name) && 'curated', p.latestVersion && `latest ${p.latestVersion}`].filter(Boolean).join(' · '),
			icon: isCurated(name) ? 'verified' : 'package',
			details: () => [['Latest version', p.latestVersion], ['Description', p.description], ['Resource id', env.id]],
			children: {
				empty: 'No versions',
				fetchPage: async (node, token) => {
					const page = await azure.listEnvironmentVersions(workspace, name, token);
					const nodes = page.items.map(
						(v) =>
							new AzureResourceNode(
								{
									resource: {
										id: v.id ?? `${workspace.armId}/environments/${name}/versions/${v.name ?? ''}`,
										name: `${name}:${v.name ?? ''}`,
										label: `environment "${name}:${v.name ?? ''}"`,
										studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `environments/${name}/version/${v.name ?? ''}`),
									},
									label: v.name ?? '',
									description: v.properties.image,
									icon: 'versions',
									details: () => [
										['Image', v.properties.image],
										['Build', v.properties.environmentType],
										['OS', v.properties.osType],
										['Description', v.properties.description],
										['Resource id', v.id],
									],
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
