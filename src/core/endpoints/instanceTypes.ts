// VM sizes a managed online deployment can use. The CLI calls Standard_DS3_v2 the minimum it
// recommends for general-purpose endpoints; the ACI upgrade table maps small services to DS1–DS3 v2
// (deploy-register-tensorboard.md §1.4, §3; learn.microsoft.com reference-managed-online-endpoints-vm-sku-list).

export interface InstanceType {
	readonly name: string;
	readonly cores: number;
	readonly memoryGb: number;
	readonly gpus?: number;
}

export const defaultInstanceType = 'Standard_DS3_v2';

export const managedInstanceTypes: readonly InstanceType[] = [
	{ name: 'Standard_DS1_v2', cores: 1, memoryGb: 3.5 },
	{ name: 'Standard_DS2_v2', cores: 2, memoryGb: 7 },
	{ name: 'Standard_DS3_v2', cores: 4, memoryGb: 14 },
	{ name: 'Standard_DS4_v2', cores: 8, memoryGb: 28 },
	{ name: 'Standard_DS5_v2', cores: 16, memoryGb: 56 },
	{ name: 'Standard_F2s_v2', cores: 2, memoryGb: 4 },
	{ name: 'Standard_F4s_v2', cores: 4, memoryGb: 8 },
	{ name: 'Standard_F8s_v2', cores: 8, memoryGb: 16 },
	{ name: 'Standard_F16s_v2', cores: 16, memoryGb: 32 },
	{ name: 'Standard_E2s_v3', cores: 2, memoryGb: 16 },
	{ name: 'Standard_E4s_v3', cores: 4, memoryGb: 32 },
	{ name: 'Standard_E8s_v3', cores: 8, memoryGb: 64 },
	{ name: 'Standard_E16s_v3', cores: 16, memoryGb: 128 },
	{ name: 'Standard_NC4as_T4_v3', cores: 4, memoryGb: 28, gpus: 1 },
	{ name: 'Standard_NC6s_v3', cores: 6, memoryGb: 112, gpus: 1 },
	{ name: 'Standard_NC12s_v3', cores: 12, memoryGb: 224, gpus: 2 },
	{ name: 'Standard_NC24s_v3', cores: 24, memoryGb: 448, gpus: 4 },
];

/** Why `text` is not an instance count, or undefined (at least 1; the service's quota decides the top). */
export function instanceCountProblem(text: string): string | undefined {
	return /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 100 ? undefined : 'Give a whole number of instances from 1 to 100.';
}
