import type { ComputeResource, Usage, VirtualMachineSize } from '@azure/arm-machinelearning';
import { armCall, onePage, type Page } from '../../azure/arm';
import { armRawLro } from '../../azure/armRaw';
import { AzureConfigError } from '../../azure/errors';
import { isoDurationToSeconds, secondsToIsoDuration } from '../../azure/isoDuration';
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

/**
 * Creates (or updates) a CPU/GPU cluster and waits until it is provisioned. `onAccepted` runs once
 * the service has taken the request (the compute then exists, `Creating` or `Updating`), so the
 * tree can show it while the operation runs.
 */
export async function createAmlCompute(
	workspace: AzureWorkspace,
	compute: string,
	spec: AmlClusterSpec,
	signal?: AbortSignal,
	onAccepted?: () => void,
): Promise<ComputeResource> {
	if (!computeName.test(compute)) {
		throw new AzureConfigError(`"${compute}" is not a valid compute name: use 2 to 16 letters, digits and '-', starting with a letter and ending with a letter or digit.`);
	}
	const minNodes = spec.minNodes ?? 0;
	if (!Number.isInteger(spec.maxNodes) || spec.maxNodes < 1 || !Number.isInteger(minNodes) || minNodes < 0 || minNodes > spec.maxNodes) {
		throw new AzureConfigError(`Node counts must be whole numbers with 0 ≤ minimum ≤ maximum and maximum ≥ 1 (got ${minNodes}..${spec.maxNodes}).`);
	}
	const idleSeconds = spec.idleSecondsBeforeScaleDown ?? 120;
	if (!Number.isInteger(idleSeconds) || idleSeconds < 0) {
		throw new AzureConfigError(`The idle time before scale-down must be a whole number of seconds, 0 or more (got ${idleSeconds}).`);
	}
	const location = spec.location ?? (await workspace.location(signal));
	return armCall(`create compute "${compute}" in ${workspace.label}`, async () => {
		const poller = await workspace.arm.computeOperations.beginCreateOrUpdate(
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
							// Spelled as azure-ai-ml spells it: 2400 s is PT40M.
							scaleSettings: { minNodeCount: minNodes, maxNodeCount: spec.maxNodes, nodeIdleTimeBeforeScaleDown: secondsToIsoDuration(idleSeconds) },
						},
					},
				},
				workspace.connection.lroOptions(signal),
			);
		onAccepted?.();
		return poller.pollUntilDone({ abortSignal: signal });
	});
}

/** A cluster's settings as a spec to PUT again: how the SDK updates one (the recording's second PUT). */
export function clusterSpecOf(compute: ComputeResource): AmlClusterSpec {
	const c = (compute.properties ?? {}) as { computeType?: string; description?: string | null; properties?: Record<string, unknown> | null };
	if (c.computeType !== 'AmlCompute') {
		throw new AzureConfigError(`Compute "${compute.name ?? '?'}" is a ${c.computeType ?? 'compute'} and not a cluster: only clusters have node counts.`);
	}
	const p = (c.properties ?? {}) as { vmSize?: string; vmPriority?: 'Dedicated' | 'LowPriority'; scaleSettings?: { minNodeCount?: number; maxNodeCount?: number; nodeIdleTimeBeforeScaleDown?: string } };
	return {
		vmSize: p.vmSize ?? '',
		vmPriority: p.vmPriority,
		minNodes: p.scaleSettings?.minNodeCount ?? 0,
		maxNodes: p.scaleSettings?.maxNodeCount ?? 1,
		idleSecondsBeforeScaleDown: isoDurationToSeconds(p.scaleSettings?.nodeIdleTimeBeforeScaleDown ?? '') ?? 120,
		description: c.description ?? undefined,
		location: compute.location,
	};
}

/** The VM sizes of a region (one call, the service does not page them). */
export async function listVmSizes(workspace: AzureWorkspace, location: string, signal?: AbortSignal): Promise<VirtualMachineSize[]> {
	const result = await armCall(`list the VM sizes of ${location}`, () => workspace.arm.virtualMachineSizes.list(location, { abortSignal: signal }));
	return result.value ?? [];
}

/** The subscription's Azure ML usages and limits (vCPU quota) in a region, every page. */
export function listUsages(workspace: AzureWorkspace, location: string, signal?: AbortSignal): Promise<Usage[]> {
	return armCall(`read the compute quota of ${location}`, async () => {
		const all: Usage[] = [];
		for await (const usage of workspace.arm.usages.list(location, { abortSignal: signal })) {
			all.push(usage);
		}
		return all;
	});
}

/**
 * Deletes a compute (and the cluster behind it) and waits until it is gone. Not through the SDK:
 * its poller would add `underlyingResourceAction` to the service's status URL.
 */
export function deleteCompute(workspace: AzureWorkspace, compute: string, signal?: AbortSignal, onAccepted?: () => void): Promise<void> {
	return armRawLro(workspace.connection, `${workspace.armId}/computes/${encodeURIComponent(compute)}`, '2022-10-01', `delete compute "${compute}" in ${workspace.label}`, {
		method: 'DELETE',
		query: { underlyingResourceAction: 'Delete' },
		signal,
		onAccepted,
	});
}
