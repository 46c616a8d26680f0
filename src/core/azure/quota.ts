// Which VM sizes a new cluster can use, from the region's VM sizes (`locations/{loc}/vmSizes`) and
// the subscription's usages (`locations/{loc}/usages`). Azure ML counts cluster quota in vCPUs per VM
// family, capped by the regional totals (dedicated and low priority), as the studio's quota page
// shows them. The service names a row either by key (`standardDSv2Family`, `TotalCores`) or by
// its description (the REST spec's example: "Standard DSv2 Family Cluster Dedicated vCPUs", "Total
// Cluster Dedicated Regional vCPUs"); both are matched. The same list also breaks usage down per
// workspace and per compute (same name, `type` `…/workspaces/usages` or `…/computes/usages`): only
// the subscription's own rows count. A `limit` of -1 means no limit of its own (the spec's
// low-priority family rows). A size without a matching row is treated as having no quota known.

export interface VmSizeInfo {
	readonly name?: string;
	readonly family?: string;
	readonly vCPUs?: number;
	readonly gpus?: number;
	readonly memoryGB?: number;
	readonly lowPriorityCapable?: boolean;
	readonly supportedComputeTypes?: readonly string[];
}

export interface UsageInfo {
	readonly id?: string;
	readonly type?: string;
	readonly currentValue?: number;
	readonly limit?: number;
	readonly name?: { readonly value?: string; readonly localizedValue?: string };
}

export type VmPriority = 'Dedicated' | 'LowPriority';

export interface VmSizeChoice {
	readonly name: string;
	readonly family: string;
	readonly vCPUs: number;
	readonly gpus: number;
	readonly memoryGB: number;
	/** vCPUs still free for this size's family (dedicated) or the low-priority pool; undefined when the service reports none. */
	readonly remainingCores: number | undefined;
	/** How many nodes of this size the remaining quota allows (0: none; undefined: unknown). */
	readonly maxNodesByQuota: number | undefined;
}

const totals: Readonly<Record<VmPriority, readonly string[]>> = {
	Dedicated: ['totalcores', 'totalclusterdedicatedregionalvcpus'],
	LowPriority: ['totallowprioritycores', 'totalclusterlowpriorityregionalvcpus'],
};

/** The keys a family's row may have: `standardDSv2Family`, or "Standard DSv2 Family Cluster Dedicated vCPUs". */
function familyKeys(family: string, priority: VmPriority): string[] {
	const key = normalized(family);
	return priority === 'Dedicated' ? [key, `${key}clusterdedicatedvcpus`] : [`${key}clusterlowpriorityvcpus`];
}

const normalized = (name: string | undefined) => (name ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
/** Rows that break the subscription's usage down per workspace or per compute. */
const isBreakdown = (u: UsageInfo) => /\/workspaces?\//i.test(u.type ?? '') || /\/workspaces\//i.test(u.id ?? '');

/** vCPUs left under the subscription's row with one of `keys`; undefined when there is none or it has no limit (-1). */
function remaining(usages: readonly UsageInfo[], keys: readonly string[]): number | undefined {
	const row = usages.find((u) => !isBreakdown(u) && (keys.includes(normalized(u.name?.value)) || keys.includes(normalized(u.name?.localizedValue))));
	if (row?.limit === undefined || row.limit < 0) {
		return undefined;
	}
	return Math.max(0, row.limit - (row.currentValue ?? 0));
}

function smallest(...values: (number | undefined)[]): number | undefined {
	const known = values.filter((v): v is number => v !== undefined);
	return known.length === 0 ? undefined : Math.min(...known);
}

/** The sizes a cluster (AmlCompute) can use, each with the quota left for it; sorted by vCPUs, then name. */
export function clusterVmSizeChoices(sizes: readonly VmSizeInfo[], usages: readonly UsageInfo[], priority: VmPriority): VmSizeChoice[] {
	return sizes
		.filter((s) => s.name && (!s.supportedComputeTypes || s.supportedComputeTypes.includes('AmlCompute')))
		.filter((s) => priority === 'Dedicated' || s.lowPriorityCapable !== false)
		.map((s) => {
			const vCPUs = s.vCPUs ?? 0;
			const family = s.family ?? '';
			const left = smallest(remaining(usages, familyKeys(family, priority)), remaining(usages, totals[priority]));
			return {
				name: s.name!,
				family,
				vCPUs,
				gpus: s.gpus ?? 0,
				memoryGB: s.memoryGB ?? 0,
				remainingCores: left,
				maxNodesByQuota: left === undefined || vCPUs === 0 ? undefined : Math.floor(left / vCPUs),
			};
		})
		.sort((a, b) => a.vCPUs - b.vCPUs || a.name.localeCompare(b.name));
}

/** Undefined when `maxNodes` nodes fit in the quota left, else why not (for the max-nodes prompt). */
export function quotaProblem(choice: VmSizeChoice, maxNodes: number, priority: VmPriority): string | undefined {
	if (choice.maxNodesByQuota === undefined || maxNodes <= choice.maxNodesByQuota) {
		return undefined;
	}
	const pool = priority === 'Dedicated' ? `${choice.family} dedicated` : 'low-priority';
	return `${maxNodes} × ${choice.name} needs ${maxNodes * choice.vCPUs} vCPUs; the subscription has ${choice.remainingCores} ${pool} vCPUs left in this region (at most ${choice.maxNodesByQuota} nodes). Request more quota or pick another size.`;
}

/** One line for a size in a picker: cores, memory, GPUs and the quota left. */
export function describeVmSize(choice: VmSizeChoice): string {
	const parts = [`${choice.vCPUs} cores`, `${choice.memoryGB} GB`];
	if (choice.gpus > 0) {
		parts.push(`${choice.gpus} GPU${choice.gpus === 1 ? '' : 's'}`);
	}
	if (choice.remainingCores !== undefined) {
		parts.push(choice.maxNodesByQuota === 0 ? `no quota (${choice.remainingCores} vCPUs left)` : `quota: ${choice.remainingCores} vCPUs left`);
	}
	return parts.join(' · ');
}
