import * as assert from 'node:assert/strict';
import { clusterVmSizeChoices, describeVmSize, quotaProblem, type UsageInfo, type VmSizeInfo } from '../../../../src/core/azure/quota';

describe('VM sizes and quota', () => {
	const sizes: VmSizeInfo[] = [
		{ name: 'Standard_NC6s_v3', family: 'standardNCSv3Family', vCPUs: 6, gpus: 1, memoryGB: 112, lowPriorityCapable: true, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'] },
		{ name: 'Standard_DS3_v2', family: 'standardDSv2Family', vCPUs: 4, gpus: 0, memoryGB: 14, lowPriorityCapable: true, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'] },
		{ name: 'Standard_DS2_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 7, lowPriorityCapable: false, supportedComputeTypes: ['AmlCompute'] },
		{ name: 'Standard_E4ds_v4', family: 'standardEDSv4Family', vCPUs: 4, memoryGB: 32, supportedComputeTypes: ['ComputeInstance'] },
		{ name: 'Standard_F4s_v2', family: 'standardFSv2Family', vCPUs: 4, memoryGB: 8 },
	];
	const usages: UsageInfo[] = [
		{ name: { value: 'standardDSv2Family' }, currentValue: 6, limit: 24 },
		{ name: { value: 'standardNCSv3Family' }, currentValue: 0, limit: 0 },
		{ name: { value: 'TotalCores' }, currentValue: 10, limit: 26 },
		{ name: { value: 'TotalLowPriorityCores' }, currentValue: 0, limit: 100 },
	];

	it('keeps the sizes a cluster can use, smallest first, with the quota left for each family', () => {
		const choices = clusterVmSizeChoices(sizes, usages, 'Dedicated');
		assert.deepEqual(
			choices.map((c) => [c.name, c.remainingCores, c.maxNodesByQuota]),
			[
				// DSv2: 24 − 6 = 18 in the family, but only 26 − 10 = 16 in the region.
				['Standard_DS2_v2', 16, 8],
				['Standard_DS3_v2', 16, 4],
				// No row for the F family: the regional total is all that is known.
				['Standard_F4s_v2', 16, 4],
				// A size without quota is kept (marked), not hidden.
				['Standard_NC6s_v3', 0, 0],
			],
		);
	});

	it('counts low priority against its own pool and leaves out sizes that cannot run low priority', () => {
		const choices = clusterVmSizeChoices(sizes, usages, 'LowPriority');
		assert.deepEqual(
			choices.map((c) => [c.name, c.remainingCores, c.maxNodesByQuota]),
			[
				['Standard_DS3_v2', 100, 25],
				['Standard_F4s_v2', 100, 25],
				['Standard_NC6s_v3', 100, 16],
			],
		);
	});

	it('knows nothing about quota when the service reports no usages', () => {
		const [first] = clusterVmSizeChoices(sizes, [], 'Dedicated');
		assert.equal(first.remainingCores, undefined);
		assert.equal(first.maxNodesByQuota, undefined);
		assert.equal(quotaProblem(first, 1000, 'Dedicated'), undefined);
		assert.equal(describeVmSize(first), '2 cores · 7 GB');
	});

	it('says when the nodes asked for do not fit, with the arithmetic', () => {
		const ds3 = clusterVmSizeChoices(sizes, usages, 'Dedicated').find((c) => c.name === 'Standard_DS3_v2')!;
		assert.equal(quotaProblem(ds3, 4, 'Dedicated'), undefined);
		assert.equal(
			quotaProblem(ds3, 5, 'Dedicated'),
			'5 × Standard_DS3_v2 needs 20 vCPUs; the subscription has 16 standardDSv2Family dedicated vCPUs left in this region (at most 4 nodes). Request more quota or pick another size.',
		);
	});

	it('describes cores, memory, GPUs and quota', () => {
		const choices = clusterVmSizeChoices(sizes, usages, 'Dedicated');
		assert.equal(describeVmSize(choices.find((c) => c.name === 'Standard_DS3_v2')!), '4 cores · 14 GB · quota: 16 vCPUs left');
		assert.equal(describeVmSize(choices.find((c) => c.name === 'Standard_NC6s_v3')!), '6 cores · 112 GB · 1 GPU · no quota (0 vCPUs left)');
	});

	describe('the REST spec\'s usages shape (Usage/list.json, 2022-10-01)', () => {
		const sub = '/subscriptions/00000000-0000-0000-0000-000000000000';
		const row = (type: string, id: string, value: string, currentValue: number, limit: number): UsageInfo => ({
			id: `${sub}${id}`,
			type: `Microsoft.MachineLearningServices/${type}`,
			currentValue,
			limit,
			name: { value, localizedValue: value },
		});
		// In the spec's order: the totals, then each family followed by its per-workspace and per-compute breakdown.
		const specUsages: UsageInfo[] = [
			row('dedicatedCores/usages', '/usages', 'Total Cluster Dedicated Regional vCPUs', 14, 24),
			row('vmFamily/usages', '/usages/Standard_DSv2_Family_Cluster_Dedicated_vCPUs', 'Standard DSv2 Family Cluster Dedicated vCPUs', 2, 24),
			row('workspaces/usages', '/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w1/usages/x', 'Standard NC Family Cluster Dedicated vCPUs', 6, 24),
			row('vmFamily/usages', '/usages/Standard_NC_Family_Cluster_Dedicated_vCPUs', 'Standard NC Family Cluster Dedicated vCPUs', 12, 24),
			row('lowPriorityCores/usages', '/usages', 'Total Cluster LowPriority Regional vCPUs', 18, 50),
			row('workspace/computes/usages', '/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w1/computes/c/usages/x', 'Standard NC Family Cluster LowPriority vCPUs', 6, -1),
			row('vmFamily/usages', '/usages/Standard_NC_Family_Cluster_LowPriority_vCPUs', 'Standard NC Family Cluster LowPriority vCPUs', 18, -1),
		];
		const specSizes: VmSizeInfo[] = [
			{ name: 'Standard_DS3_v2', family: 'standardDSv2Family', vCPUs: 4, memoryGB: 14, lowPriorityCapable: true },
			{ name: 'Standard_NC6', family: 'standardNCFamily', vCPUs: 6, gpus: 1, memoryGB: 56, lowPriorityCapable: true },
		];

		it('matches rows named by description, caps by the regional total and counts the subscription rows only', () => {
			assert.deepEqual(
				clusterVmSizeChoices(specSizes, specUsages, 'Dedicated').map((c) => [c.name, c.remainingCores, c.maxNodesByQuota]),
				[
					// DSv2: 24 − 2 = 22 in the family, 24 − 14 = 10 in the region.
					['Standard_DS3_v2', 10, 2],
					// NC: 24 − 12 = 12 for the subscription (not 24 − 6 of one workspace's share), capped at 10.
					['Standard_NC6', 10, 1],
				],
			);
		});

		it('reads a limit of -1 as no limit of its own, so the regional low-priority total decides', () => {
			assert.deepEqual(
				clusterVmSizeChoices(specSizes, specUsages, 'LowPriority').map((c) => [c.name, c.remainingCores, c.maxNodesByQuota]),
				[
					['Standard_DS3_v2', 32, 8],
					['Standard_NC6', 32, 5],
				],
			);
			const unlimited = clusterVmSizeChoices(specSizes, [row('vmFamily/usages', '/usages/x', 'Standard NC Family Cluster Dedicated vCPUs', 3, -1)], 'Dedicated');
			assert.equal(unlimited.find((c) => c.name === 'Standard_NC6')?.remainingCores, undefined, 'no limit is not "no quota"');
		});
	});
});
