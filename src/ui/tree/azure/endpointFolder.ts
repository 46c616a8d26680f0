import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

/** Endpoints: online endpoints (state, traffic), then their deployments (state, share of traffic). */
export function endpointFolder(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#endpoints`,
			label: 'Endpoints',
			icon: 'plug',
			empty: 'No online endpoints yet',
			fetchPage: async (folder, token) => {
				const page = await azure.listOnlineEndpoints(workspace, token);
				return { nodes: page.items.map((e) => endpointNode(folder, workspace, azure, e)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

function endpointNode(parent: TreeNode, workspace: WorkspaceHandle['workspace'], azure: AzureModule, endpoint: OnlineEndpoint): TreeNode {
	const name = endpoint.name ?? '';
	const p = endpoint.properties;
	const traffic = Object.entries(p.traffic ?? {});
	return new AzureResourceNode(
		{
			resource: {
				id: endpoint.id ?? `${workspace.armId}/onlineEndpoints/${name}`,
				name,
				label: `endpoint "${name}"`,
				studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `endpoints/realtime/${name}/detail`),
				delete: () => azure.deleteOnlineEndpoint(workspace, name),
			},
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
					return { nodes: page.items.map((d) => deploymentNode(node, endpoint, d)), nextPageToken: page.nextPageToken };
				},
			},
		},
		parent,
	);
}

function deploymentNode(parent: TreeNode, endpoint: OnlineEndpoint, deployment: OnlineDeployment): TreeNode {
	const name = deployment.name ?? '';
	const p = deployment.properties;
	const share = endpoint.properties.traffic?.[name] ?? 0;
	return new AzureResourceNode(
		{
			resource: { id: deployment.id ?? `${endpoint.id ?? ''}/deployments/${name}`, name, label: `deployment "${name}"` },
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
}
