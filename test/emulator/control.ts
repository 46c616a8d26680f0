import { addComputeInstance } from './arm/computes';
import type { DeploymentScenario } from './arm/deployments';
import { seedWorkspace, type WorkspaceSeed } from './arm/workspaces';
import type { EmulatorContext } from './context';
import type { FaultSpec } from './Faults';
import { json, parseJsonBody, type EmuRequest, type EmuResponse, type Router } from './http';
import type { JobScenario } from './scenario';
import { defaultWorkspace, seedJobs, seedMetric } from './seed';
import type { WorkspaceState } from './state';

/** What `/_emulator/…` can change; the same operations tests use in-process. */
export interface EmulatorControl {
	info(): unknown;
	setScenario(scenario: JobScenario): void;
	setLro(timing: { polls?: number; ms?: number }): void;
	requests(): unknown[];
	clearRequests(): void;
	reset(): void;
}

function workspaceOf(context: EmulatorContext, body: Record<string, unknown>): WorkspaceState | EmuResponse {
	const subscriptionId = (body.subscriptionId as string | undefined) ?? defaultWorkspace.subscriptionId;
	const resourceGroup = (body.resourceGroup as string | undefined) ?? defaultWorkspace.resourceGroup;
	const name = (body.workspace as string | undefined) ?? defaultWorkspace.workspace;
	return context.state.workspace(subscriptionId, resourceGroup, name) ?? json(404, { message: `No workspace ${subscriptionId}/${resourceGroup}/${name}; create it with POST /_emulator/workspaces.` });
}

const isResponse = (value: WorkspaceState | EmuResponse): value is EmuResponse => typeof (value as EmuResponse).status === 'number';
const bodyOf = (request: EmuRequest) => parseJsonBody(request) ?? {};

/** The emulator's own HTTP API, for tests running in another process (the VS Code extension host). */
export function registerControlRoutes(router: Router, context: EmulatorContext, control: EmulatorControl): void {
	router.add('GET', '/_emulator/info', () => json(200, control.info()));
	router.add('POST', '/_emulator/reset', () => {
		control.reset();
		return json(200, { reset: true });
	});
	router.add('GET', '/_emulator/faults', () => json(200, { faults: context.faults.list() }));
	router.add('POST', '/_emulator/faults', (request) => {
		const parsed: unknown = JSON.parse(request.body.toString('utf8') || '[]');
		const specs = (Array.isArray(parsed) ? parsed : [parsed]) as FaultSpec[];
		return json(200, { faults: specs.map((spec) => context.faults.add(spec)) });
	});
	router.add('DELETE', '/_emulator/faults', () => {
		context.faults.clear();
		return { status: 204 };
	});
	const lists = () => ({ emptyFirstPage: context.settings.emptyFirstPage, lowerCaseResourceGroups: context.settings.lowerCaseResourceGroups });
	router.add('GET', '/_emulator/scenario', () => json(200, { job: context.settings.scenario, lro: context.settings.lro, lists: lists(), deployment: context.settings.deployment }));
	router.add('PUT', '/_emulator/scenario', (request) => {
		const body = bodyOf(request) as { job?: JobScenario; lro?: { polls?: number; ms?: number }; lists?: { emptyFirstPage?: boolean; lowerCaseResourceGroups?: boolean }; deployment?: DeploymentScenario };
		if (body.job) {
			control.setScenario(body.job);
		}
		if (body.lro) {
			control.setLro(body.lro);
		}
		if (body.lists) {
			context.settings.emptyFirstPage = body.lists.emptyFirstPage === true;
			context.settings.lowerCaseResourceGroups = body.lists.lowerCaseResourceGroups === true;
		}
		if (body.deployment) {
			context.settings.deployment = body.deployment;
		}
		return json(200, { job: context.settings.scenario, lro: context.settings.lro, lists: lists(), deployment: context.settings.deployment });
	});
	router.add('POST', '/_emulator/workspaces', async (request) => {
		const body = bodyOf(request) as Partial<WorkspaceSeed>;
		if (!body.subscriptionId || !body.resourceGroup || !body.workspace) {
			return json(400, { message: 'Give subscriptionId, resourceGroup and workspace (and optionally location).' });
		}
		const workspace = await seedWorkspace(context, body as WorkspaceSeed);
		return json(200, workspace.resource);
	});
	router.add('POST', '/_emulator/jobs/seed', (request) => {
		const body = bodyOf(request);
		const workspace = workspaceOf(context, body);
		if (isResponse(workspace)) {
			return workspace;
		}
		const count = Number(body.count);
		if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
			return json(400, { message: 'count must be a whole number from 1 to 1000000.' });
		}
		seedJobs(context, workspace, count, body.experiment as string | undefined);
		return json(200, { jobs: workspace.jobs.size });
	});
	router.add('POST', '/_emulator/computes/instance', (request) => {
		const body = bodyOf(request);
		const workspace = workspaceOf(context, body);
		if (isResponse(workspace)) {
			return workspace;
		}
		const state = (body.state as string | undefined) ?? 'Running';
		if (typeof body.name !== 'string' || !['Running', 'Stopped'].includes(state)) {
			return json(400, { message: 'Give name (and optionally vmSize, state Running or Stopped).' });
		}
		return json(200, addComputeInstance(workspace, body.name, { vmSize: body.vmSize ?? 'STANDARD_DS3_V2' }, workspace.location, state));
	});
	router.add('POST', '/_emulator/metrics/seed', (request) => {
		const body = bodyOf(request);
		const workspace = workspaceOf(context, body);
		if (isResponse(workspace)) {
			return workspace;
		}
		const points = Number(body.points);
		if (typeof body.runId !== 'string' || typeof body.key !== 'string' || !Number.isInteger(points) || points < 1 || points > 10_000_000) {
			return json(400, { message: 'Give runId, key and points (1 to 10000000).' });
		}
		seedMetric(context, workspace, body.runId, body.key, points);
		return json(200, { runId: body.runId, key: body.key, points });
	});
	router.add('GET', '/_emulator/requests', () => json(200, { requests: control.requests() }));
	router.add('DELETE', '/_emulator/requests', () => {
		control.clearRequests();
		return { status: 204 };
	});
	router.add('POST', '/_emulator/jobs/release', (request) => {
		const body = bodyOf(request);
		const workspace = workspaceOf(context, body);
		if (isResponse(workspace)) {
			return workspace;
		}
		const release = typeof body.name === 'string' ? workspace.jobs.get(body.name)?.release : undefined;
		if (!release) {
			return json(409, { message: `No job ${String(body.name)} is held: give the name of a job whose scenario has holdBeforeStep, once it reached that step.` });
		}
		release();
		return json(200, { released: body.name });
	});
	router.add('POST', '/_emulator/artifacts', async (request) => {
		const body = bodyOf(request);
		const workspace = workspaceOf(context, body);
		if (isResponse(workspace)) {
			return workspace;
		}
		const job = typeof body.runId === 'string' ? workspace.jobs.get(body.runId) : undefined;
		const files = body.files as Record<string, unknown> | undefined;
		if (!job || !files || typeof files !== 'object' || Object.values(files).some((v) => typeof v !== 'string')) {
			return json(400, { message: 'Give the runId of a job and files: {"<path under the run>": "<text>"}.' });
		}
		for (const [name, text] of Object.entries(files as Record<string, string>)) {
			await context.blobs.append(workspace.artifactContainer, `ExperimentRun/dcid.${job.resource.name}/${name}`, text);
		}
		return json(200, { files: Object.keys(files).length });
	});
}
