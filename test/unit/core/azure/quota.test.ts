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
});
