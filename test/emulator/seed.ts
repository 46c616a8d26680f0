import { addCompute } from './arm/computes';
import { addJob } from './arm/jobs';
import { seedWorkspace, type WorkspaceSeed } from './arm/workspaces';
import type { EmulatorContext } from './context';
import { resolveScenario } from './scenario';
import { logMetric } from './simulator';
import type { WorkspaceState } from './state';

/** The workspace `npm run emulator` and the tests start with. */
export const defaultWorkspace: Required<Pick<WorkspaceSeed, 'subscriptionId' | 'resourceGroup' | 'workspace' | 'location'>> = {
	subscriptionId: '11111111-1111-4111-8111-111111111111',
	resourceGroup: 'rg-emulator',
	workspace: 'ws-emulator',
	location: 'eastus2',
};

/**
 * A subscription with two workspaces in two resource groups; the default one has a CPU cluster
 * and two finished runs (one Completed, one Failed) with logs and metrics.
 */
export async function seedDefaults(context: EmulatorContext): Promise<WorkspaceState> {
	const workspace = await seedWorkspace(context, defaultWorkspace);
	await seedWorkspace(context, { ...defaultWorkspace, resourceGroup: 'rg-other', workspace: 'ws-other' });
	addCompute(workspace, 'cpu-cluster', { vmSize: 'STANDARD_DS3_V2', vmPriority: 'Dedicated', scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT2M' }, osType: 'Linux' }, workspace.location);
	const fast = resolveScenario(context.settings.scenario, { statusMs: { NotStarted: 1, Queued: 1, Preparing: 1, Finalizing: 1 }, stepMs: 1, steps: 5 });
	const command = { jobType: 'Command', command: 'python train.py --epochs 5', environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33', computeId: `${workspace.armId}/computes/cpu-cluster`, experimentName: 'mnist-lenet' };
	addJob(context, workspace, 'lenet-mnist-completed', { ...command, displayName: 'LeNet on MNIST' }, fast, new Date(Date.now() - 3_600_000));
	addJob(context, workspace, 'lenet-mnist-failed', { ...command, displayName: 'LeNet on MNIST (out of memory)' }, { ...fast, outcome: 'Failed' }, new Date(Date.now() - 1_800_000));
	return workspace;
}

/** Bulk history: `count` Completed jobs, older than any job already there, without logs. */
export function seedJobs(context: EmulatorContext, workspace: WorkspaceState, count: number, experiment = 'load-test'): void {
	const before = workspace.jobOrder.length;
	const oldest = Date.now() - (count + 1) * 60_000;
	for (let i = 0; i < count; i++) {
		const name = `load-${String(before + i).padStart(6, '0')}`;
		addJob(context, workspace, name, { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:load-env:1', experimentName: experiment, displayName: `load ${i}` }, undefined, new Date(oldest + i * 60_000));
	}
	const added = workspace.jobOrder.splice(before, count);
	workspace.jobOrder.unshift(...added);
}

/** A metric with `points` values (a noisy falling loss), on an existing run or a new Completed one. */
export function seedMetric(context: EmulatorContext, workspace: WorkspaceState, runId: string, key: string, points: number): void {
	const job =
		workspace.jobs.get(runId) ??
		addJob(context, workspace, runId, { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:load-env:1', experimentName: 'load-test' }, undefined);
	const start = job.startedAt ?? Date.now();
	for (let i = 0; i < points; i++) {
		logMetric(job, key, i, 1 / (1 + i / 1000) + 0.01 * Math.sin(i), start + i * 10);
	}
}
