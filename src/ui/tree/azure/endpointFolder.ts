import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { ContextValue, joinContext } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { withOnlineEndpoint } from './onlineEndpointTarget';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

/** Endpoints: online endpoints (state, traffic), then their deployments (state, share of traffic). */
export function endpointFolder(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	const folder = new AzureFolderNode(
		{
			id: `${workspace.armId}/#endpoints`,
			label: 'Endpoints',
			icon: 'plug',
			empty: 'No online endpoints yet',
			contextValue: joinContext(ContextValue.AzureFolder, ContextValue.EndpointFolder),
			fetchPage: async (folder, token) => {
				const page = await azure.listOnlineEndpoints(workspace, token);
				return { nodes: page.items.map((e) => endpointNode(folder, workspace, azure, e)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
	return withOnlineEndpoint(folder, { workspace });
}

function endpointNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], azure: AzureModule, endpoint: OnlineEndpoint): TreeNode {
	const name = endpoint.name ?? '';
	const p = endpoint.properties;
	const traffic = Object.entries(p.traffic ?? {});
	const node = new AzureResourceNode(
		{
			resource: {
				id: endpoint.id ?? `${workspace.armId}/onlineEndpoints/${name}`,
				name,
				label: `endpoint "${name}"`,
				studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `endpoints/realtime/${name}/detail`),
			},
			contextValue: ContextValue.OnlineEndpoint,
			description: [p.provisioningState, ...traffic.map(([d, share]) => `${d} ${share}%`)].filter(Boolean).join(' · '),
			icon: 'plug',
			details: () => [
				['State', p.provisioningState],
				['Auth', p.authMode],
				['Scoring URI', p.scoringUri],
				['Traffic', traffic.map(([d, share]) => `${d} ${share}%`).join(', ') || 'none'],
				['Description', p.description],
				['Resource id', endpoint.id],
			],
			children: {
				empty: 'No deployments yet',
				fetchPage: async (node, token) => {
					const page = await azure.listDeployments(workspace, name, token);
					return { nodes: page.items.map((d) => deploymentNode(node, workspace, endpoint, d)), nextPageToken: page.nextPageToken };
				},
			},
		},
		parent,
	);
	return withOnlineEndpoint(node, { workspace, endpoint: name });
}

function deploymentNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], endpoint: OnlineEndpoint, deployment: OnlineDeployment): TreeNode {
	const name = deployment.name ?? '';
	const p = deployment.properties;
	const share = endpoint.properties.traffic?.[name] ?? 0;
	const node = new AzureResourceNode(
		{
			resource: { id: deployment.id ?? `${endpoint.id ?? ''}/deployments/${name}`, name, label: `deployment "${name}"` },
			contextValue: ContextValue.OnlineDeployment,
			description: [p.provisioningState, `${share}% traffic`].filter(Boolean).join(' · '),
			icon: 'rocket',
			details: () => [
				['State', p.provisioningState],
				['Traffic', `${share}%`],
				['Model', p.model],
				['Instance type', p.instanceType],
				['Instances', deployment.sku?.capacity],
				['Environment', p.environmentId],
				['Resource id', deployment.id],
			],
		},
		parent,
	);
	return withOnlineEndpoint(node, { workspace, endpoint: endpoint.name ?? '', deployment: name });
}
