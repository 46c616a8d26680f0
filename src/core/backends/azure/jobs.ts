import type { CommandJob, JobBase } from '@azure/arm-machinelearning';
import { armCall, onePage, runLro, type Page } from '../../azure/arm';
import { AzureConfigError } from '../../azure/errors';
import type { AzureWorkspace } from './AzureWorkspace';

/** Jobs newest first, one page at a time (the service's `nextLink` is the page token). */
export function listJobs(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<JobBase>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(`list the jobs of ${workspace.label}`, workspace.arm.jobs.list(resourceGroup, name, { listViewType: 'ActiveOnly', abortSignal: signal }), pageToken);
}

export function getJob(workspace: AzureWorkspace, job: string, signal?: AbortSignal): Promise<JobBase> {
	return armCall(`read job "${job}" in ${workspace.label}`, () => workspace.arm.jobs.get(workspace.ref.resourceGroup, workspace.ref.workspace, job, { abortSignal: signal }));
}

const jobName = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

/**
 * Submits a command job. Empty property bags are sent explicitly, as Azure ML's own clients do.
 * The job starts at once; follow it with `getJob` or the run backend.
 */
export async function createCommandJob(workspace: AzureWorkspace, job: string, spec: Omit<CommandJob, 'jobType'>, signal?: AbortSignal): Promise<JobBase> {
	if (!jobName.test(job)) {
		throw new AzureConfigError(`"${job}" is not a valid job name: use letters, digits, '-' and '_' (at most 255), starting with a letter or digit.`);
	}
	const properties: CommandJob = {
		properties: {},
		tags: {},
		isArchived: false,
		environmentVariables: {},
		inputs: {},
		outputs: {},
		...spec,
		jobType: 'Command',
	};
	return armCall(`submit job "${job}" to ${workspace.label}`, () =>
		workspace.arm.jobs.createOrUpdate(workspace.ref.resourceGroup, workspace.ref.workspace, job, { properties }, { abortSignal: signal }),
	);
}

/** Asks the service to cancel a job and waits until it has accepted (the job then ends as Canceled). */
export function cancelJob(workspace: AzureWorkspace, job: string, signal?: AbortSignal): Promise<void> {
	return runLro(
		`cancel job "${job}" in ${workspace.label}`,
		() => workspace.arm.jobs.beginCancel(workspace.ref.resourceGroup, workspace.ref.workspace, job, workspace.connection.lroOptions(signal)),
		signal,
	);
}
