import type { ComputeResource } from '@azure/arm-machinelearning';
import { armCall, onePage, runLro, type Page } from '../../azure/arm';
import { armRawLro } from '../../azure/armRaw';
import { AzureConfigError } from '../../azure/errors';
import type { AzureWorkspace } from './AzureWorkspace';

export function listComputes(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<ComputeResource>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(`list the computes of ${workspace.label}`, workspace.arm.computeOperations.list(resourceGroup, name, { abortSignal: signal }), pageToken);
}

export function getCompute(workspace: AzureWorkspace, compute: string, signal?: AbortSignal): Promise<ComputeResource> {
	return armCall(`read compute "${compute}" in ${workspace.label}`, () =>
		workspace.arm.computeOperations.get(workspace.ref.resourceGroup, workspace.ref.workspace, compute, { abortSignal: signal }),
	);
}

export interface AmlClusterSpec {
	readonly vmSize: string;
	readonly maxNodes: number;
	readonly minNodes?: number;
	/** Idle time before a node is released. */
	readonly idleSecondsBeforeScaleDown?: number;
	readonly vmPriority?: 'Dedicated' | 'LowPriority';
	readonly description?: string;
	/** Defaults to the workspace's region. */
	readonly location?: string;
}

const computeName = /^[a-zA-Z][a-zA-Z0-9-]{0,14}[a-zA-Z0-9]$/;

/** Creates (or updates) a CPU/GPU cluster and waits until it is provisioned. */
export async function createAmlCompute(workspace: AzureWorkspace, compute: string, spec: AmlClusterSpec, signal?: AbortSignal): Promise<ComputeResource> {
	if (!computeName.test(compute)) {
		throw new AzureConfigError(`"${compute}" is not a valid compute name: use 2 to 16 letters, digits and '-', starting with a letter and ending with a letter or digit.`);
	}
	const minNodes = spec.minNodes ?? 0;
	if (!Number.isInteger(spec.maxNodes) || spec.maxNodes < 1 || !Number.isInteger(minNodes) || minNodes < 0 || minNodes > spec.maxNodes) {
		throw new AzureConfigError(`Node counts must be whole numbers with 0 ≤ minimum ≤ maximum and maximum ≥ 1 (got ${minNodes}..${spec.maxNodes}).`);
	}
	const location = spec.location ?? (await workspace.location(signal));
	return runLro(
		`create compute "${compute}" in ${workspace.label}`,
		() =>
			workspace.arm.computeOperations.beginCreateOrUpdate(
				workspace.ref.resourceGroup,
				workspace.ref.workspace,
				compute,
				{
					location,
					properties: {
						computeType: 'AmlCompute',
						description: spec.description,
						disableLocalAuth: false,
						properties: {
							osType: 'Linux',
							vmSize: spec.vmSize,
							vmPriority: spec.vmPriority ?? 'Dedicated',
							scaleSettings: { minNodeCount: minNodes, maxNodeCount: spec.maxNodes, nodeIdleTimeBeforeScaleDown: `PT${spec.idleSecondsBeforeScaleDown ?? 120}S` },
						},
					},
				},
				workspace.connection.lroOptions(signal),
			),
		signal,
	);
}

/**
 * Deletes a compute (and the cluster behind it) and waits until it is gone. Not through the SDK:
 * its poller would add `underlyingResourceAction` to the service's status URL.
 */
export function deleteCompute(workspace: AzureWorkspace, compute: string, signal?: AbortSignal): Promise<void> {
	return armRawLro(workspace.connection, `${workspace.armId}/computes/${encodeURIComponent(compute)}`, '2022-10-01', `delete compute "${compute}" in ${workspace.label}`, {
		method: 'DELETE',
		query: { underlyingResourceAction: 'Delete' },
		signal,
	});
}
