import type { JobBase } from '@azure/arm-machinelearning';
import { armCall, onePage, runLro, type Page } from '../../azure/arm';
import { armRaw } from '../../azure/armRaw';
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

// The 2022-10-01 SDK registers uri_folder/uri_file/mltable inputs under `AssetJobInput`, so its
// serializer drops their `uri` and `mode` when they sit in a command job's inputs. A job with inputs
// therefore goes out as the wire JSON itself (the body recorded in command_job__with_dataset.json),
// at the stable api-version that also knows serverless compute (`resources.instanceType`, no computeId).
const jobApiVersion = '2024-04-01';

/** A job as the service returns it, in wire JSON. */
export interface JobResource {
	readonly id: string;
	readonly name: string;
	readonly properties: {
		readonly status?: string;
		readonly experimentName?: string;
		readonly displayName?: string;
		readonly services?: { readonly Studio?: { readonly endpoint?: string | null } | null } | null;
		readonly [member: string]: unknown;
	};
}

/** Submits a command job from its wire body (see above); empty property bags are sent explicitly. */
export async function putCommandJob(workspace: AzureWorkspace, job: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<JobResource> {
	if (!jobName.test(job)) {
		throw new AzureConfigError(`"${job}" is not a valid job name: use letters, digits, '-' and '_' (at most 255), starting with a letter or digit.`);
	}
	const properties = { properties: {}, tags: {}, isArchived: false, environmentVariables: {}, inputs: {}, outputs: {}, ...body, jobType: 'Command' };
	return armRaw<JobResource>(workspace.connection, `${workspace.armId}/jobs/${encodeURIComponent(job)}`, jobApiVersion, `submit job "${job}" to ${workspace.label}`, {
		method: 'PUT',
		body: { properties },
		signal,
	});
}

/** Asks the service to cancel a job and waits until it has accepted (the job then ends as Canceled). */
export function cancelJob(workspace: AzureWorkspace, job: string, signal?: AbortSignal): Promise<void> {
	return runLro(
		`cancel job "${job}" in ${workspace.label}`,
		() => workspace.arm.jobs.beginCancel(workspace.ref.resourceGroup, workspace.ref.workspace, job, workspace.connection.lroOptions(signal)),
		signal,
	);
}
