import type { EmulatorContext } from '../context';
import { armError, badRequest, json, notFound, pageOf, parseJsonBody, type Router } from '../http';
import type { ResolvedScenario } from '../scenario';
import { setStatus, simulateJob } from '../simulator';
import type { JobState, Resource, WorkspaceState } from '../state';
import { apiVersion, findWorkspace, invalidName, isResponse, isSameBody, locationOf, rememberBody, workspacePath } from './common';

const terminal = new Set(['Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused']);
const typeNames: Record<string, string> = {
	literal: 'Literal',
	uri_file: 'UriFile',
	uri_folder: 'UriFolder',
	mltable: 'MLTable',
	custom_model: 'CustomModel',
	mlflow_model: 'MLFlowModel',
	triton_model: 'TritonModel',
};
const inputMembers = new Set(['description', 'mode', 'uri', 'jobInputType', 'pathOnCompute']);
const literalMembers = new Set(['description', 'value', 'jobInputType']);
const outputMembers = new Set(['description', 'mode', 'uri', 'jobOutputType', 'assetName', 'pathOnCompute']);

/** Unknown members of job inputs and outputs, reported as the service's JSON reader does. */
function memberErrors(properties: Record<string, unknown>): string[] {
	const errors: string[] = [];
	const check = (items: unknown, typeField: string, suffix: string, allowed: (type: string) => Set<string>) => {
		for (const item of Object.values((items ?? {}) as Record<string, Record<string, unknown>>)) {
			const declared = item?.[typeField];
			const type = typeof declared === 'string' ? declared : '';
			if (!typeNames[type]) {
				errors.push(`${typeField} '${type}' is not one of ${Object.keys(typeNames).join(', ')}.`);
				continue;
			}
			for (const member of Object.keys(item)) {
				if (!allowed(type).has(member)) {
					errors.push(`Could not find member '${member}' on object of type '${typeNames[type]}${suffix}'. Path '${member}'.`);
				}
			}
		}
	};
	check(properties.inputs, 'jobInputType', 'JobInput', (type) => (type === 'literal' ? literalMembers : inputMembers));
	check(properties.outputs, 'jobOutputType', 'JobOutput', () => outputMembers);
	return errors;
}

function withDefaults(items: unknown, isOutput: boolean): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries((items ?? {}) as Record<string, Record<string, unknown>>).map(([key, item]) => {
			const literal = item.jobInputType === 'literal';
			const shaped = literal
				? { description: null, ...item }
				: isOutput
					? { description: null, uri: null, assetName: null, assetVersion: null, mode: 'ReadWriteMount', pathOnCompute: null, autoDeleteSetting: null, ...item }
					: { description: null, mode: 'ReadOnlyMount', pathOnCompute: null, ...item };
			return [key, shaped];
		}),
	);
}

/** A job resource with what the service adds to the submitted body (status, services, default output). */
export function jobResource(context: EmulatorContext, workspace: WorkspaceState, name: string, submitted: Record<string, unknown>, createdAt: Date): Resource {
	const host = new URL(context.origin).host;
	const computeId = typeof submitted.computeId === 'string' ? submitted.computeId : null;
	const computeName = computeId?.split('/').pop();
	const resources = (submitted.resources ?? {}) as Record<string, unknown>;
	return {
		id: `${workspace.armId}/jobs/${name}`,
		name,
		type: 'Microsoft.MachineLearningServices/workspaces/jobs',
		properties: {
			...submitted,
			description: submitted.description ?? null,
			tags: submitted.tags ?? {},
			properties: { ...(submitted.properties as object | undefined), '_azureml.ComputeTargetType': 'amlctrain', ...(computeName ? { '_azureml.ClusterName': computeName } : {}) },
			parentJobName: null,
			displayName: submitted.displayName ?? name,
			status: 'NotStarted',
			experimentName: submitted.experimentName ?? 'Default',
			services: {
				Tracking: { jobServiceType: 'Tracking', port: null, endpoint: `azureml://${host}/mlflow/v1.0${workspace.armId}?`, status: null, errorMessage: null, properties: null, nodes: null },
				Studio: {
					jobServiceType: 'Studio',
					port: null,
					endpoint: `https://ml.azure.com/runs/${name}?wsid=/subscriptions/${workspace.subscriptionId}/resourcegroups/${workspace.resourceGroup}/workspaces/${workspace.name}`,
					status: null,
					errorMessage: null,
					properties: null,
					nodes: null,
				},
			},
			computeId,
			isArchived: submitted.isArchived ?? false,
			identity: submitted.identity ?? null,
			componentId: submitted.componentId ?? null,
			notificationSetting: null,
			secretsConfiguration: null,
			resources: { instanceCount: 1, maxInstanceCount: null, instanceType: null, locations: null, properties: null, shmSize: '2g', dockerArgs: null, dockerArgsList: null, ...resources },
			codeId: submitted.codeId ?? null,
			inputs: withDefaults(submitted.inputs, false),
			outputs: {
				...withDefaults(submitted.outputs, true),
				default: {
					description: null,
					uri: `azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.${name}`,
					assetName: null,
					assetVersion: null,
					mode: 'ReadWriteMount',
					pathOnCompute: null,
					autoDeleteSetting: null,
					jobOutputType: 'uri_folder',
				},
			},
			distribution: submitted.distribution ?? null,
			autologgerSettings: null,
			limits: submitted.limits ?? null,
			environmentVariables: submitted.environmentVariables ?? {},
			parameters: {},
			queueSettings: { jobTier: 'Null', priority: null },
		},
		systemData: { createdAt: createdAt.toISOString(), createdBy: 'Emulator User', createdByType: 'User' },
	};
}

/** Adds a job; with a scenario it runs in real time, without one it is already Completed (bulk load). */
export function addJob(context: EmulatorContext, workspace: WorkspaceState, name: string, submitted: Record<string, unknown>, scenario?: ResolvedScenario, createdAt = new Date()): JobState {
	const resource = jobResource(context, workspace, name, submitted, createdAt);
	const job: JobState = {
		resource,
		status: 'NotStarted',
		createdAt: createdAt.getTime(),
		experimentName: String(resource.properties.experimentName),
		logBlobs: new Set(),
		metrics: new Map(),
		params: new Map(Object.entries((submitted.inputs ?? {}) as Record<string, { value?: unknown }>).filter(([, i]) => i.value !== undefined).map(([k, i]) => [k, String(i.value)])),
		warnings: [],
	};
	workspace.jobs.set(name, job);
	workspace.jobOrder.push(name);
	if (scenario) {
		const instances = Number((submitted.resources as { instanceCount?: unknown } | undefined)?.instanceCount ?? 1);
		simulateJob(context, workspace, job, scenario.nodes > 1 || instances <= 1 ? scenario : { ...scenario, nodes: instances });
	} else {
		job.startedAt = createdAt.getTime() + 1000;
		setStatus(job, 'Completed');
		job.endedAt = createdAt.getTime() + 60_000;
	}
	return job;
}

export function registerJobRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', `${workspacePath}/jobs`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const view = request.url.searchParams.get('listViewType') ?? 'ActiveOnly';
		const jobType = request.url.searchParams.get('jobType');
		const tag = request.url.searchParams.get('tag');
		const newestFirst: Resource[] = [];
		for (let i = workspace.jobOrder.length - 1; i >= 0; i--) {
			const resource = workspace.jobs.get(workspace.jobOrder[i])?.resource;
			const p = resource?.properties;
			if (
				p &&
				(view === 'All' || (view === 'ArchivedOnly') === Boolean(p.isArchived)) &&
				(!jobType || p.jobType === jobType) &&
				(!tag || Object.prototype.hasOwnProperty.call(p.tags ?? {}, tag))
			) {
				newestFirst.push(resource);
			}
		}
		return json(200, pageOf(request, newestFirst, context.settings.jobsPageSize, context.origin));
	});

	router.add('GET', `${workspacePath}/jobs/([^/]+)`, (_request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const job = workspace.jobs.get(params[3]);
		return job ? json(200, job.resource) : notFound('Job', params[3]);
	});

	router.add('PUT', `${workspacePath}/jobs/([^/]+)`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const name = params[3];
		const badName = invalidName('Job', name);
		if (badName) {
			return badName;
		}
		const existing = workspace.jobs.get(name);
		if (existing) {
			return isSameBody(existing.resource, request)
				? json(200, existing.resource)
				: armError(409, 'UserError', `A job named ${name} already exists in this workspace.`, [{ code: 'Conflict', message: 'Job names must be unique in a workspace.' }]);
		}
		const properties = parseJsonBody(request)?.properties as Record<string, unknown> | undefined;
		if (!properties || typeof properties.jobType !== 'string') {
			return badRequest('properties.jobType is required.');
		}
		const errors = memberErrors(properties);
		if (errors.length > 0) {
			return armError(
				400,
				'UserError',
				'Request is invalid and/or missing fields.',
				errors.map((message) => ({ code: 'RequestInvalid', message })),
			);
		}
		if (properties.jobType === 'Command' && (typeof properties.command !== 'string' || typeof properties.environmentId !== 'string')) {
			return badRequest('A command job needs properties.command and properties.environmentId.');
		}
		const computeName = typeof properties.computeId === 'string' ? properties.computeId.split('/').pop() : undefined;
		if (computeName && properties.computeId !== 'serverless' && !workspace.computes.has(computeName)) {
			return badRequest(`Compute ${computeName} not found in workspace ${workspace.name}.`, 'ComputeNotFound');
		}
		const job = addJob(context, workspace, name, properties, context.settings.scenario);
		rememberBody(job.resource, request);
		return json(201, job.resource, { Location: locationOf(context, request) });
	});

	router.add('POST', `${workspacePath}/jobs/([^/]+)/cancel`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const job = workspace.jobs.get(params[3]);
		if (!job) {
			return notFound('Job', params[3]);
		}
		if (!terminal.has(job.status)) {
			setStatus(job, 'CancelRequested');
			job.cancel?.();
		}
		const operation = context.operations.start('mfeOperationResults', {
			subscriptionId: workspace.subscriptionId,
			location: workspace.location,
			apiVersion: apiVersion(request),
			id: `jc:${workspace.workspaceId}:${job.resource.name}`,
			signed: false,
			onDone: () => {
				if (!terminal.has(job.status)) {
					setStatus(job, 'Canceled');
				}
			},
		});
		return json(202, null, { Location: operation.url, 'x-ms-async-operation-timeout': 'PT1H' });
	});
}
