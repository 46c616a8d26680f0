import type { ComputeResource } from '@azure/arm-machinelearning';
import { instanceActions, isTransitionState, type InstanceAction } from '../../../core/backends/azure/instanceStates';
import type { WorkspaceHandle } from '../../azure/AzureSession';
import type { AzureModule } from '../../azure/azureModule';
import { ContextValue, joinContext } from '../contextValues';
import type { TreeNode } from '../TreeNode';
import { AzureFolderNode } from './AzureFolderNode';
import { AzureResourceNode } from './AzureResourceNode';
import { studioUrl } from './azureResource';

interface ComputeShape {
	computeType?: string;
	provisioningState?: string;
	properties?: {
		vmSize?: string;
		state?: string;
		currentNodeCount?: number | null;
		allocationState?: string | null;
		scaleSettings?: { maxNodeCount?: number; minNodeCount?: number; nodeIdleTimeBeforeScaleDown?: string };
	};
}

/** Compute: clusters (VM size, current/max nodes, state) and compute instances (state). */
export function computeFolder(parent: TreeNode, handle: WorkspaceHandle, azure: AzureModule): AzureFolderNode {
	const { workspace } = handle;
	return new AzureFolderNode(
		{
			id: `${workspace.armId}/#compute`,
			label: 'Compute',
			icon: 'server-environment',
			empty: 'No compute yet',
			contextValue: joinContext(ContextValue.AzureFolder, ContextValue.ComputeFolder),
			fetchPage: async (folder, token) => {
				const page = await azure.listComputes(workspace, token);
				return { nodes: page.items.map((c) => computeNode(folder, handle, azure, c)), nextPageToken: page.nextPageToken };
			},
		},
		parent,
	);
}

function computeNode(parent: TreeNode, { workspace }: WorkspaceHandle, azure: AzureModule, compute: ComputeResource): TreeNode {
	const name = compute.name ?? '';
	const c = (compute.properties ?? {}) as ComputeShape;
	const p = c.properties ?? {};
	const isCluster = c.computeType === 'AmlCompute';
	// While an operation runs (Creating, Updating, Deleting) that is the state to show, not the last allocation state.
	const busy = c.provisioningState && c.provisioningState !== 'Succeeded' ? c.provisioningState : undefined;
	const state = busy ?? (isCluster ? (p.allocationState ?? c.provisioningState) : (p.state ?? c.provisioningState));
	const nodes = isCluster ? `${p.currentNodeCount ?? 0}/${p.scaleSettings?.maxNodeCount ?? '?'} nodes` : undefined;
	const shownState = state && isTransitionState(state) ? `${state}…` : state;
	return new AzureResourceNode(
		{
			resource: {
				id: compute.id ?? `${workspace.armId}/computes/${name}`,
				name,
				label: `compute "${name}"`,
				studioUrl: studioUrl(workspace.connection.cloud, workspace.armId, `compute/${name}/details`),
				delete: (onAccepted) => azure.deleteCompute(workspace, name, undefined, onAccepted),
			},
			contextValue: isCluster ? ContextValue.AmlCluster : c.computeType === 'ComputeInstance' ? instanceContext(busy ? undefined : p.state) : undefined,
			description: [isCluster ? p.vmSize : c.computeType, nodes, shownState].filter(Boolean).join(' · '),
			icon: isCluster ? 'server' : 'vm',
			details: () => [
				['Type', c.computeType],
				['VM size', p.vmSize],
				['State', state],
				['Provisioning', c.provisioningState],
				['Nodes now', p.currentNodeCount],
				['Min nodes', p.scaleSettings?.minNodeCount],
				['Max nodes', p.scaleSettings?.maxNodeCount],
				['Idle before scale-down', p.scaleSettings?.nodeIdleTimeBeforeScaleDown],
				['Region', compute.location],
				['Resource id', compute.id],
			],
		},
		parent,
	);
}

const actionFacet: Readonly<Record<InstanceAction, string>> = {
	start: ContextValue.InstanceCanStart,
	stop: ContextValue.InstanceCanStop,
	restart: ContextValue.InstanceCanRestart,
};

/** A compute instance offers only the actions its state allows (none while it is busy). */
function instanceContext(state: string | undefined): string {
	return joinContext(ContextValue.ComputeInstance, ...instanceActions(state).map((action) => actionFacet[action]));
}
