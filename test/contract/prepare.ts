import { addCompute } from '../emulator/arm/computes';
import { seedWorkspace } from '../emulator/arm/workspaces';
import type { AzureMlEmulator } from '../emulator/AzureMlEmulator';
import type { Recording } from './recordings';

/** The names the recordings use (sanitized), and the one workspace that kept real names. */
export const recordedWorkspace = { subscriptionId: '00000000-0000-0000-0000-000000000', resourceGroup: '00000', workspace: '00000' };
const environmentWorkspace = { subscriptionId: 'b17253fa-f327-42d6-9686-f3e553e24763', resourceGroup: 'mlholland-testing', workspace: 'milestesting' };

/**
 * What the recorded service already had before each recording started (the workspace, the
 * computes the jobs ran on, the code version the dedup lookup found), so replaying the requests
 * is meaningful.
 */
export async function prepareFor(emulator: AzureMlEmulator, recording: Recording): Promise<void> {
	const workspace = await seedWorkspace(emulator.context, { ...recordedWorkspace, location: 'eastus2' });
	await seedWorkspace(emulator.context, environmentWorkspace);
	for (const compute of ['cpu-cluster', 'testCompute']) {
		if (!workspace.computes.has(compute)) {
			addCompute(workspace, compute, { vmSize: 'STANDARD_DS3_V2', vmPriority: 'Dedicated', scaleSettings: { minNodeCount: 0, maxNodeCount: 3 } }, 'eastus2');
		}
	}
	if (recording.file === 'code_asset__create_and_get_dedup.json') {
		const found = recording.entries[0].ResponseBody as { value: { properties: { codeUri: string; properties: { hash_sha256: string } } }[] };
		const response = await fetch(`${emulator.origin}/subscriptions/${recordedWorkspace.subscriptionId}/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/00000/codes/test_679501396464/versions/2?api-version=2023-04-01`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${emulator.token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ properties: { codeUri: found.value[0].properties.codeUri, properties: { hash_sha256: found.value[0].properties.properties.hash_sha256, hash_version: '202208' } } }),
		});
		if (!response.ok && response.status !== 409) {
			throw new Error(`Could not prepare the dedup recording: HTTP ${response.status} ${await response.text()}`);
		}
	}
}
