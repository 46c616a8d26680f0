import { findWorkspace, isResponse, workspacePath } from '../arm/common';
import type { EmulatorContext } from '../context';
import { json, parseJsonBody, type EmuRequest, type EmuResponse, type Router } from '../http';
import type { JobState, WorkspaceState } from '../state';
import { experimentId } from './runHistory';

const mlflowStatus: Record<string, string> = {
	NotStarted: 'SCHEDULED',
	Queued: 'SCHEDULED',
	Preparing: 'SCHEDULED',
	Starting: 'SCHEDULED',
	Provisioning: 'SCHEDULED',
	Running: 'RUNNING',
	Finalizing: 'RUNNING',
	CancelRequested: 'RUNNING',
	Completed: 'FINISHED',
	Failed: 'FAILED',
	Canceled: 'KILLED',
};
const maxPage = 25_000;

const missing = (what: string) => json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: what });
const invalid = (what: string) => json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: what });

function mlflowRun(workspace: WorkspaceState, job: JobState): Record<string, unknown> {
	const name = job.resource.name;
	const latest = [...job.metrics.entries()].map(([key, series]) => {
		const i = series.length - 1;
		return { key, value: series.values[i], timestamp: series.timestamps[i], step: series.steps[i] };
	});
	const tags = Object.entries((job.resource.properties.tags ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
	return {
		info: {
			run_uuid: name,
			run_id: name,
			run_name: job.resource.properties.displayName,
			experiment_id: experimentId(job.experimentName),
			user_id: 'Emulator User',
			status: mlflowStatus[job.status] ?? 'RUNNING',
			start_time: job.startedAt ?? job.createdAt,
			...(job.endedAt !== undefined ? { end_time: job.endedAt } : {}),
			artifact_uri: `azureml://experiments/${job.experimentName}/runs/${name}/artifacts`,
			lifecycle_stage: 'active',
		},
		data: {
			metrics: latest,
			params: [...job.params.entries()].map(([key, value]) => ({ key, value })),
			tags: [...tags, { key: 'mlflow.runName', value: String(job.resource.properties.displayName) }, { key: 'azureml.workspace', value: workspace.name }],
		},
	};
}

function pageToken(offset: number): string {
	return Buffer.from(`offset:${offset}`).toString('base64url');
}

function offsetOf(token: string | null | undefined): number | undefined {
	if (!token) {
		return 0;
	}
	const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

function metricHistory(request: EmuRequest, workspace: WorkspaceState): EmuResponse {
	const runId = request.url.searchParams.get('run_id') ?? request.url.searchParams.get('run_uuid');
	const key = request.url.searchParams.get('metric_key');
	if (!runId || !key) {
		return invalid('run_id and metric_key are required.');
	}
	const job = workspace.jobs.get(runId);
	if (!job) {
		return missing(`Run with id=${runId} not found`);
	}
	const series = job.metrics.get(key);
	const offset = offsetOf(request.url.searchParams.get('page_token'));
	if (offset === undefined) {
		return invalid('Invalid page token.');
	}
	const asked = Number(request.url.searchParams.get('max_results'));
	const size = Math.min(asked > 0 ? asked : maxPage, maxPage);
	const end = Math.min(series?.length ?? 0, offset + size);
	const metrics = [];
	for (let i = offset; i < end; i++) {
		metrics.push({ key, value: series!.values[i], timestamp: series!.timestamps[i], step: series!.steps[i] });
	}
	return json(200, { metrics, ...(end < (series?.length ?? 0) ? { next_page_token: pageToken(end) } : {}) });
}

function searchRuns(request: EmuRequest, workspace: WorkspaceState): EmuResponse {
	const body = parseJsonBody(request) ?? {};
	const experiments = new Set((body.experiment_ids as string[] | undefined) ?? []);
	const offset = offsetOf(body.page_token as string | undefined);
	if (offset === undefined) {
		return invalid('Invalid page token.');
	}
	const size = Math.min(Number(body.max_results) || 1000, 50_000);
	const jobs = [...workspace.jobOrder]
		.reverse()
		.map((name) => workspace.jobs.get(name)!)
		.filter((job) => experiments.size === 0 || experiments.has(experimentId(job.experimentName)));
	const page = jobs.slice(offset, offset + size).map((job) => mlflowRun(workspace, job));
	return json(200, { runs: page, ...(offset + size < jobs.length ? { next_page_token: pageToken(offset + size) } : {}) });
}

export function registerMlflowRoutes(router: Router, context: EmulatorContext): void {
	const base = `/mlflow/v1\\.0${workspacePath}/api/2\\.0/mlflow`;
	const inWorkspace = (handle: (request: EmuRequest, workspace: WorkspaceState) => EmuResponse) => (request: EmuRequest, params: readonly string[]) => {
		const workspace = findWorkspace(context, params);
		return isResponse(workspace) ? workspace : handle(request, workspace);
	};
	router.add(
		'GET',
		`${base}/runs/get`,
		inWorkspace((request, workspace) => {
			const runId = request.url.searchParams.get('run_id') ?? request.url.searchParams.get('run_uuid') ?? '';
			const job = workspace.jobs.get(runId);
			return job ? json(200, { run: mlflowRun(workspace, job) }) : missing(`Run with id=${runId} not found`);
		}),
	);
	router.add('GET', `${base}/metrics/get-history`, inWorkspace(metricHistory));
	router.add('POST', `${base}/runs/search`, inWorkspace(searchRuns));
	router.add(
		'GET',
		`${base}/experiments/get`,
		inWorkspace((request, workspace) => {
			const id = request.url.searchParams.get('experiment_id');
			const job = [...workspace.jobs.values()].find((j) => experimentId(j.experimentName) === id);
			return job
				? json(200, { experiment: { experiment_id: id, name: job.experimentName, artifact_location: '', lifecycle_stage: 'active', tags: [] } })
				: missing(`Could not find experiment with ID ${id}`);
		}),
	);
}
