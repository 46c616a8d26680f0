import { createHash } from 'node:crypto';
import { findWorkspace, isResponse, workspacePath } from '../arm/common';
import type { EmulatorContext } from '../context';
import { json, type EmuRequest, type EmuResponse, type Router } from '../http';
import type { JobState, WorkspaceState } from '../state';

/** MLflow and run history name experiments by id; the emulator derives it from the name. */
export function experimentId(name: string): string {
	const hex = createHash('sha1').update(name).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function runDetails(context: EmulatorContext, workspace: WorkspaceState, job: JobState): Record<string, unknown> {
	const name = job.resource.name;
	const prefix = `ExperimentRun/dcid.${name}/`;
	const ttl = context.settings.scenario.logSasTtlMs;
	const logFiles = Object.fromEntries([...job.logBlobs].sort().map((blob) => [blob.slice(prefix.length), context.blobs.blobReadUrl(workspace.artifactContainer, blob, ttl)]));
	const computeId = job.resource.properties.computeId;
	const target = typeof computeId === 'string' ? (computeId.split('/').pop() ?? null) : null;
	return {
		runId: name,
		runUuid: experimentId(`run:${name}`),
		parentRunUuid: null,
		rootRunUuid: experimentId(`run:${name}`),
		rootRunId: name,
		parentRunId: null,
		experimentId: experimentId(job.experimentName),
		displayName: job.resource.properties.displayName,
		target,
		status: job.status,
		createdUtc: iso(job.createdAt),
		startTimeUtc: iso(job.startedAt),
		endTimeUtc: iso(job.endedAt),
		error: job.error
			? {
					error: { code: job.error.code, severity: null, message: job.error.message, messageFormat: null, messageParameters: {}, referenceCode: null, detailsUri: null, target: null, details: [], innerError: null, debugInfo: null },
					correlation: null,
					environment: null,
					location: null,
					time: iso(job.endedAt),
					componentName: 'CommonRuntime',
				}
			: null,
		warnings: job.warnings.length > 0 ? job.warnings.map((message) => ({ source: 'emulator', message })) : null,
		tags: job.resource.properties.tags ?? {},
		properties: job.resource.properties.properties ?? {},
		inputs: null,
		outputs: null,
		logFiles,
		runTypeV2: { orchestrator: null, traits: [], attribution: 'CommonRuntime', computeType: 'AmlCompute' },
		services: {},
		revision: 1,
	};
}

/**
 * `RunArtifacts_ListSasByPrefix` (run-history.json): the run's artifact blobs whose path starts with
 * `path`, as `PaginatedArtifactContentInformationList` with a read SAS per file, a page at a time.
 */
async function artifactContentInfo(context: EmulatorContext, workspace: WorkspaceState, job: JobState, request: EmuRequest): Promise<EmuResponse> {
	const root = `ExperimentRun/dcid.${job.resource.name}/`;
	const prefix = request.url.searchParams.get('path') ?? '';
	const token = request.url.searchParams.get('continuationToken');
	const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
	if (!Number.isInteger(offset) || offset < 0) {
		return json(400, { error: { code: 'UserError', message: 'The continuation token is not valid.', details: [] } });
	}
	const names = await context.blobs.list(workspace.artifactContainer, `${root}${prefix}`);
	const size = context.settings.artifactsPageSize;
	const page = names.slice(offset, offset + size);
	const next = offset + size < names.length ? Buffer.from(String(offset + size), 'utf8').toString('base64url') : null;
	const ttl = context.settings.scenario.logSasTtlMs;
	return json(200, {
		value: page.map((blob) => ({
			contentUri: context.blobs.blobReadUrl(workspace.artifactContainer, blob, ttl),
			origin: 'ExperimentRun',
			container: `dcid.${job.resource.name}`,
			path: blob.slice(root.length),
		})),
		continuationToken: next,
		nextLink: null,
	});
}

export function registerRunHistoryRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', '/discovery', () =>
		json(200, {
			api: context.origin,
			catalog: 'https://catalog.cortanaanalytics.com',
			experimentation: context.origin,
			gallery: 'https://gallery.cortanaintelligence.com/project',
			history: context.origin,
			hyperdrive: context.origin,
			labeling: context.origin,
			modelmanagement: context.origin,
			pipelines: context.origin,
			studio: 'https://ml.azure.com',
		}),
	);
	router.add('GET', `/history/v1\\.0${workspacePath}/runs/([^/]+)/details`, (_request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const job = workspace.jobs.get(params[3]);
		return job
			? json(200, runDetails(context, workspace, job))
			: json(404, { error: { code: 'UserError', message: `Run ${params[3]} was not found`, details: [], innerError: { code: 'NotFoundError' } } });
	});
	router.add('GET', `/history/v1\\.0${workspacePath}/experiments/([^/]+)/runs/([^/]+)/artifacts/prefix/contentinfo`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const experiment = decodeURIComponent(params[3]);
		const job = workspace.jobs.get(decodeURIComponent(params[4]));
		return job && job.experimentName === experiment
			? artifactContentInfo(context, workspace, job, request)
			: json(404, { error: { code: 'UserError', message: `Run ${params[4]} was not found in experiment ${experiment}`, details: [], innerError: { code: 'NotFoundError' } } });
	});
}
