import type { EmulatorContext } from '../context';
import { json, type Router } from '../http';

// `locations/{loc}/vmSizes` and `locations/{loc}/usages` of Microsoft.MachineLearningServices, in
// the shapes of VirtualMachineSize and Usage (@azure/arm-machinelearning). Usage is counted as the
// service counts it: the vCPUs of the nodes the subscription's clusters hold now, per VM family and
// in the regional totals; a GPU family has no quota, so the extension's "no quota" marking is exercised.

const amlAndInstance = ['AmlCompute', 'ComputeInstance'];

const sizes = [
	{ name: 'Standard_DS2_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 7, lowPriorityCapable: true },
	{ name: 'Standard_DS3_v2', family: 'standardDSv2Family', vCPUs: 4, gpus: 0, memoryGB: 14, lowPriorityCapable: true },
	{ name: 'Standard_DS11_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 14, lowPriorityCapable: true },
	{ name: 'Standard_F4s_v2', family: 'standardFSv2Family', vCPUs: 4, gpus: 0, memoryGB: 8, lowPriorityCapable: true },
	{ name: 'Standard_NC6s_v3', family: 'standardNCSv3Family', vCPUs: 6, gpus: 1, memoryGB: 112, lowPriorityCapable: true },
].map((s) => ({
	...s,
	osVhdSizeMB: 1_047_552,
	maxResourceVolumeMB: s.vCPUs * 7168,
	premiumIO: true,
	estimatedVMPrices: null,
	supportedComputeTypes: amlAndInstance,
}));

const familyLimits: Record<string, { limit: number; label: string }> = {
	standardDSv2Family: { limit: 24, label: 'Standard DSv2 Family Cluster Dedicated vCPUs' },
	standardFSv2Family: { limit: 24, label: 'Standard FSv2 Family Cluster Dedicated vCPUs' },
	standardNCSv3Family: { limit: 0, label: 'Standard NCSv3 Family Cluster Dedicated vCPUs' },
};

const locationPath = '/subscriptions/([^/]+)/providers/Microsoft\\.MachineLearningServices/locations/([^/]+)';

export function registerVmSizeRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', `${locationPath}/vmSizes`, () => json(200, { value: sizes }));

	router.add('GET', `${locationPath}/usages`, (_request, [subscriptionId, location]) => {
		const inUse = coresInUse(context, subscriptionId, location);
		const id = (name: string) => `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/usages/${name}`;
		const row = (name: string, localizedValue: string, limit: number, currentValue: number) => ({
			id: id(name),
			amlWorkspaceLocation: location,
			type: 'Microsoft.MachineLearningServices/totalCores/usages',
			unit: 'Count',
			currentValue,
			limit,
			name: { value: name, localizedValue },
		});
		const dedicated = [...inUse.dedicated.values()].reduce((a, b) => a + b, 0);
		return json(200, {
			value: [
				row('TotalCores', 'Total Cluster Dedicated Regional vCPUs', 100, dedicated),
				row('TotalLowPriorityCores', 'Total Cluster LowPriority Regional vCPUs', 100, inUse.lowPriority),
				...Object.entries(familyLimits).map(([family, { limit, label }]) => ({
					...row(family, label, limit, inUse.dedicated.get(family) ?? 0),
					type: 'Microsoft.MachineLearningServices/vmFamily/usages',
				})),
			],
		});
	});
}

function coresInUse(context: EmulatorContext, subscriptionId: string, location: string): { dedicated: Map<string, number>; lowPriority: number } {
	const dedicated = new Map<string, number>();
	let lowPriority = 0;
	for (const workspace of context.state.workspaces.values()) {
		if (workspace.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
			continue;
		}
		for (const compute of workspace.computes.values()) {
			const inner = (compute.properties.properties ?? {}) as { vmSize?: string; vmPriority?: string; currentNodeCount?: number | null };
			const size = sizes.find((s) => s.name.toLowerCase() === inner.vmSize?.toLowerCase());
			if (!size || (compute.location ?? workspace.location) !== location || !inner.currentNodeCount) {
				continue;
			}
			const cores = size.vCPUs * inner.currentNodeCount;
			if (inner.vmPriority === 'LowPriority') {
				lowPriority += cores;
			} else {
				dedicated.set(size.family, (dedicated.get(size.family) ?? 0) + cores);
			}
		}
	}
	return { dedicated, lowPriority };
}
