import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { AzureConfigError, AzureError, isAzureError } from '../azure/errors';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { findCodeByHash } from '../backends/azure/codes';
import {
	createDeployment,
	createOnlineEndpoint,
	deleteDeployment,
	deleteOnlineEndpoint,
	getDeploymentLogs,
	getOnlineEndpoint,
	listDeployments,
	setEndpointTraffic,
	type LroOptions,
} from '../backends/azure/endpoints';
import type { EnvironmentSpec } from '../jobs/commandJobSpec';
import { prepareCodeFolder, prepareEnvironment } from '../jobs/localChecks';
import { ensureEnvironment, registerSnapshot, sendSnapshot, Undo } from '../jobs/submitCommandJob';
import { instanceCountProblem } from './instanceTypes';
import { deploymentNameProblem, endpointNameProblem } from './names';
import type { EndpointAuthMode } from './requestBodies';
import { scoringScriptInFolder, scoringScriptProblem } from './scoringScript';
import { shareProblem, trafficWith } from './traffic';

/** Everything Deploy… asked; paths are absolute. */
export interface AzureDeployPlan {
	readonly endpoint: { readonly kind: 'new'; readonly name: string; readonly authMode: EndpointAuthMode } | { readonly kind: 'existing'; readonly name: string };
	readonly deployment: string;
	/** ARM id of the model version. */
	readonly modelId: string;
	readonly scoringScript: string;
	/** Uploaded as the deployment's code; holds the scoring script. */
	readonly codeFolder: string;
	readonly environment: EnvironmentSpec;
	readonly instanceType: string;
	readonly instanceCount: number;
	/** Percent of the endpoint's traffic for this deployment; the first deployment always gets 100. */
	readonly trafficShare: number;
}

export type DeployStep = 'check' | 'endpoint' | 'code' | 'environment' | 'deployment' | 'traffic';

export interface DeployOptions {
	readonly signal?: AbortSignal;
	readonly onProgress?: (step: DeployStep, message: string) => void;
	/** Asked when the code folder is over 100 MB or 2,000 files; false stops before any request. */
	readonly confirmLargeSnapshot?: (message: string) => Promise<boolean>;
	/** For tests: how to wait between polls. */
	readonly wait?: LroOptions['wait'];
}

export interface DeployResult {
	readonly endpoint: OnlineEndpoint;
	readonly deployment: OnlineDeployment;
	readonly traffic: Record<string, number>;
	/** False when the code folder was already in the workspace (found by its content hash). */
	readonly codeUploaded: boolean;
}

/**
 * A deploy that failed or was cancelled after creating an endpoint or a deployment: what it
 * created (for the user to keep and inspect, or remove with `cleanUp`) and, when the deployment
 * itself failed, its container logs.
 */
export class DeployFailedError extends AzureError {
	constructor(
		message: string,
		override readonly cause: unknown,
		readonly created: readonly string[],
		readonly cleanUp: () => Promise<void>,
		readonly logs?: string,
	) {
		super(isAzureError(cause) ? cause.kind : 'azure.operationFailed', message, { code: isAzureError(cause) ? cause.code : undefined });
	}
}

/** The problems of a plan, each with its rule; checked before any request. */
export async function deployPlanProblems(plan: AzureDeployPlan): Promise<string[]> {
	const problems = [endpointNameProblem(plan.endpoint.name), deploymentNameProblem(plan.deployment), shareProblem(String(plan.trafficShare)), instanceCountProblem(String(plan.instanceCount))];
	try {
		scoringScriptInFolder(plan.codeFolder, plan.scoringScript);
		const text = await readFile(plan.scoringScript, 'utf8');
		problems.push(scoringScriptProblem(path.basename(plan.scoringScript), text));
	} catch (error) {
		problems.push((error as NodeJS.ErrnoException).code === 'ENOENT' ? `The scoring script ${plan.scoringScript} does not exist.` : (error as Error).message);
	}
	return problems.filter((p): p is string => Boolean(p));
}

/**
 * Deploys a model version to a managed online endpoint: checks everything it can on this machine,
 * creates the endpoint if asked (long-running), uploads the code folder unless the workspace
 * already has it (found by content hash, as Submit does), registers the environment if new,
 * creates the deployment (long-running, followed to the end) and routes the traffic.
 */
export async function deployToAzure(workspace: AzureWorkspace, plan: AzureDeployPlan, options: DeployOptions = {}): Promise<DeployResult> {
	const { signal } = options;
	const report = options.onProgress ?? (() => undefined);
	report('check', 'Checking the scoring script and hashing the code folder');
	const problems = await deployPlanProblems(plan);
	if (problems.length > 0) {
		throw new AzureConfigError(problems.join(' '));
	}
	const scoringScript = scoringScriptInFolder(plan.codeFolder, plan.scoringScript);
	const code = await prepareCodeFolder(plan.codeFolder, signal);
	if (code.warning && options.confirmLargeSnapshot && !(await options.confirmLargeSnapshot(code.warning))) {
		throw Object.assign(new Error('Deploy cancelled: the code folder is large.'), { name: 'AbortError' });
	}
	const builtEnvironment = await prepareEnvironment(plan.environment, plan.codeFolder);
	const lro = (step: DeployStep, what: string): LroOptions => ({ signal, wait: options.wait, onPoll: (status) => report(step, `${what} (${status})`) });

	const created: { what: string; remove: () => Promise<void> }[] = [];
	const endpointName = plan.endpoint.name;
	try {
		let others: string[] = [];
		if (plan.endpoint.kind === 'new') {
			await refuseExisting(workspace, endpointName, signal);
			report('endpoint', `Creating endpoint "${endpointName}"`);
			created.push({ what: `endpoint "${endpointName}"`, remove: () => deleteOnlineEndpoint(workspace, endpointName) });
			await createOnlineEndpoint(workspace, endpointName, { authMode: plan.endpoint.authMode }, lro('endpoint', `Creating endpoint "${endpointName}"`));
		} else {
			others = (await listDeployments(workspace, endpointName, undefined, signal)).items.map((d) => d.name ?? '').filter((d) => d && d !== plan.deployment);
		}

		const { codeId, uploaded } = await ensureCode(workspace, code, report, signal);
		report('environment', 'Preparing the environment');
		const environmentId = await ensureEnvironment(workspace, plan.environment, builtEnvironment, new Undo(workspace), signal);

		report('deployment', `Creating deployment "${plan.deployment}"`);
		signal?.throwIfAborted();
		if (plan.endpoint.kind === 'existing') {
			created.push({ what: `deployment "${plan.deployment}"`, remove: () => deleteDeployment(workspace, endpointName, plan.deployment) });
		}
		const deployment = await createDeployment(
			workspace,
			endpointName,
			plan.deployment,
			{ model: plan.modelId, instanceType: plan.instanceType, instanceCount: plan.instanceCount, environmentId, code: { codeId, scoringScript } },
			lro('deployment', `Creating deployment "${plan.deployment}"`),
		);

		report('traffic', 'Routing traffic');
		const current = (await getOnlineEndpoint(workspace, endpointName, signal)).properties.traffic ?? {};
		const traffic = trafficWith(current, plan.deployment, plan.trafficShare, [...others, plan.deployment]);
		const endpoint = await setEndpointTraffic(workspace, endpointName, traffic, lro('traffic', 'Routing traffic'));
		return { endpoint, deployment, traffic, codeUploaded: uploaded };
	} catch (error) {
		throw await failed(workspace, plan, error, created, signal);
	}
}

async function refuseExisting(workspace: AzureWorkspace, endpoint: string, signal?: AbortSignal): Promise<void> {
	try {
		await getOnlineEndpoint(workspace, endpoint, signal);
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return;
		}
		throw error;
	}
	throw new AzureConfigError(`Endpoint "${endpoint}" already exists in ${workspace.label}: choose it as an existing endpoint, or give another name.`);
}

/** The code folder as a code version: found by its content hash, else uploaded and registered as Submit does. */
async function ensureCode(workspace: AzureWorkspace, code: Awaited<ReturnType<typeof prepareCodeFolder>>, report: (step: DeployStep, message: string) => void, signal?: AbortSignal) {
	report('code', 'Looking for the code folder in the workspace');
	const codeName = randomUUID();
	const found = await findCodeByHash(workspace, codeName, code.hash, signal);
	if (found) {
		return { codeId: found.id, uploaded: false };
	}
	report('code', `Uploading the code folder (${code.files.length} files)`);
	const undo = new Undo(workspace);
	try {
		const codeUri = await sendSnapshot(workspace, code, codeName, undo, { signal }, () => undefined);
		return { codeId: await registerSnapshot(workspace, code, codeName, codeUri, undo, signal), uploaded: true };
	} catch (error) {
		await undo.run();
		throw error;
	}
}

/** Wraps a failure with what this deploy created and, for a failed deployment, its container logs. */
async function failed(workspace: AzureWorkspace, plan: AzureDeployPlan, error: unknown, created: readonly { what: string; remove: () => Promise<void> }[], signal?: AbortSignal): Promise<unknown> {
	if (created.length === 0) {
		return error;
	}
	let logs: string | undefined;
	if (isAzureError(error, 'azure.operationFailed')) {
		logs = await getDeploymentLogs(workspace, plan.endpoint.name, plan.deployment).catch(() => undefined);
	}
	const cleanUp = async () => {
		for (const item of [...created].reverse()) {
			await item.remove().catch((e: unknown) => {
				if (!isAzureError(e, 'azure.notFound')) {
					throw e;
				}
			});
		}
	};
	const cancelled = signal?.aborted === true || (error as Error | undefined)?.name === 'AbortError';
	const what = created.map((c) => c.what).join(' and ');
	const message = `${cancelled ? 'Deploy cancelled' : (error as Error).message} (this deploy created ${what}).`;
	return new DeployFailedError(message, error, created.map((c) => c.what), cleanUp, logs);
}
