import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { armError, json, pageOf, parseJsonBody, systemData, type EmuRequest, type EmuResponse, type Router } from '../http';
import type { Operation } from '../Operations';
import { seedWorkspace } from './workspaces';
import { findResourceGroup, isErrorResponse } from './resourceGroups';

/**
 * How template deployments behave (`PUT /_emulator/scenario` `{"deployment": {...}}`):
 * `failResource` (a resource type) fails that resource's creation with `failCode`/`failMessage`;
 * `holdResource` keeps that resource's creation running until the deployment is cancelled.
 */
export interface DeploymentScenario {
	readonly failResource?: string;
	readonly failCode?: string;
	readonly failMessage?: string;
	readonly holdResource?: string;
}

interface TemplateResource {
	readonly type: string;
	readonly apiVersion: string;
	readonly name: string;
	readonly location: string;
	readonly dependsOn: readonly string[];
	readonly body: Record<string, unknown>;
	readonly id: string;
}

interface Step {
	readonly resource: TemplateResource;
	readonly operationId: string;
	state: 'Running' | 'Succeeded' | 'Failed' | 'Canceled';
	readonly startedAt: number;
	endedAt?: number;
	error?: { code: string; message: string };
	timer?: Operation;
}

interface Deployment {
	readonly id: string;
	readonly name: string;
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly template: unknown;
	readonly resources: readonly TemplateResource[];
	readonly steps: Step[];
	readonly statusId: string;
	readonly correlationId: string;
	readonly startedAt: number;
	state: 'Accepted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';
	endedAt?: number;
}

const apiVersion = '2020-06-01';
const deploymentPath = '/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.Resources/deployments/([^/]+)';
const namePatterns: Record<string, RegExp> = {
	'microsoft.storage/storageaccounts': /^[a-z0-9]{3,24}$/,
	'microsoft.keyvault/vaults': /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
	'microsoft.operationalinsights/workspaces': /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/,
	'microsoft.insights/components': /^[^%&\\?/]{1,255}$/,
	'microsoft.containerregistry/registries': /^[a-zA-Z0-9]{5,50}$/,
	'microsoft.machinelearningservices/workspaces': /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
};

/** ARM resource-group deployments of templates that make a workspace and its dependent resources, step by step. */
export function registerDeploymentRoutes(router: Router, context: EmulatorContext): void {
	const deployments = new Map<string, Deployment>();
	const keyOf = (sub: string, group: string, name: string) => `${sub}/${group}/${name}`.toLowerCase();
	const find = (params: readonly string[]): Deployment | EmuResponse =>
		deployments.get(keyOf(params[0], params[1], params[2])) ?? armError(404, 'DeploymentNotFound', `Deployment '${params[2]}' could not be found.`);

	router.add('PUT', deploymentPath, (request, [sub, group, name]) => {
		const found = findResourceGroup(context, sub, group);
		if (isErrorResponse(found)) {
			return found;
		}
		const existing = deployments.get(keyOf(sub, group, name));
		if (existing && (existing.state === 'Accepted' || existing.state === 'Running')) {
			return armError(409, 'DeploymentActive', `Unable to edit or replace deployment '${name}': previous deployment from '${new Date(existing.startedAt).toISOString()}' is still active.`);
		}
		const parsed = parseTemplate(request, sub, group);
		if ('status' in parsed) {
			return parsed;
		}
		const deployment: Deployment = {
			id: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Resources/deployments/${name}`,
			name,
			subscriptionId: sub,
			resourceGroup: group,
			template: parsed.template,
			resources: parsed.resources,
			steps: [],
			statusId: randomDigits(),
			correlationId: randomUUID(),
			startedAt: Date.now(),
			state: 'Accepted',
		};
		deployments.set(keyOf(sub, group, name), deployment);
		const statusUrl = `${context.origin}${deployment.id}/operationStatuses/${deployment.statusId}?api-version=${apiVersion}`;
		return json(201, deploymentBody(deployment), { 'Azure-AsyncOperation': statusUrl });
	});

	router.add('GET', deploymentPath, (_request, params) => {
		const deployment = find(params);
		return 'status' in deployment ? deployment : json(200, deploymentBody(advance(context, deployment)));
	});

	router.add('GET', `${deploymentPath}/operationStatuses/([^/]+)`, (_request, params) => {
		const deployment = find(params);
		if ('status' in deployment) {
			return deployment;
		}
		advance(context, deployment);
		const status = deployment.state === 'Accepted' ? 'Running' : deployment.state;
		return json(200, status === 'Failed' ? { status, error: deploymentError(deployment) } : { status });
	});

	router.add('GET', `${deploymentPath}/operations`, (request, params) => {
		const deployment = find(params);
		if ('status' in deployment) {
			return deployment;
		}
		advance(context, deployment);
		// Newest first, as ARM lists them.
		const operations = [...deployment.steps].reverse().map((step) => operationBody(deployment, step));
		return json(200, pageOf(request, operations, context.settings.listPageSize, context.origin));
	});

	router.add('POST', `${deploymentPath}/cancel`, (_request, params) => {
		const deployment = find(params);
		if ('status' in deployment) {
			return deployment;
		}
		advance(context, deployment);
		if (deployment.state !== 'Accepted' && deployment.state !== 'Running') {
			return armError(409, 'DeploymentCannotBeCancelled', `The deployment '${deployment.name}' cannot be cancelled because it is in '${deployment.state}' state.`);
		}
		for (const step of deployment.steps.filter((s) => s.state === 'Running')) {
			step.state = 'Canceled';
			step.endedAt = Date.now();
		}
		deployment.state = 'Canceled';
		deployment.endedAt = Date.now();
		return { status: 204 };
	});
}

function parseTemplate(request: EmuRequest, sub: string, group: string): { template: unknown; resources: TemplateResource[] } | EmuResponse {
	const properties = parseJsonBody(request)?.properties as { template?: { resources?: unknown }; mode?: unknown } | undefined;
	if (!properties?.template || !Array.isArray(properties.template.resources)) {
		return armError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'Required property 'template' or 'templateLink' not found in JSON.'");
	}
	if (typeof properties.mode !== 'string' || !/^(Incremental|Complete)$/i.test(properties.mode)) {
		return armError(400, 'InvalidRequestContent', "The request content was invalid: 'properties.mode' must be 'Incremental' or 'Complete'.");
	}
	const resources: TemplateResource[] = [];
	for (const [index, raw] of (properties.template.resources as Record<string, unknown>[]).entries()) {
		const { type, apiVersion: version, name, location, dependsOn, ...body } = raw;
		if (typeof type !== 'string' || typeof version !== 'string' || typeof name !== 'string' || typeof location !== 'string') {
			return invalidTemplate(`The template resource at index ${index} must have 'type', 'apiVersion', 'name' and 'location'.`);
		}
		const pattern = namePatterns[type.toLowerCase()];
		if (!pattern) {
			return invalidTemplate(`The resource type '${type}' is not one the emulator deploys.`);
		}
		const expression = JSON.stringify(body).match(/"\[(?!subscription\(\)\.tenantId\])[^"]*\]"/);
		if (expression) {
			return invalidTemplate(`The emulator evaluates only '[subscription().tenantId]', not ${expression[0]}.`);
		}
		// A bad name passes validation, as on ARM: the resource provider refuses it when its turn comes.
		resources.push({ type, apiVersion: version, name, location, dependsOn: Array.isArray(dependsOn) ? (dependsOn as string[]) : [], body, id: `/subscriptions/${sub}/resourceGroups/${group}/providers/${type}/${name}` });
	}
	for (const resource of resources) {
		const missing = resource.dependsOn.find((d) => !resources.some((r) => r.id.toLowerCase() === d.toLowerCase()));
		if (missing) {
			return invalidTemplate(`The resource '${resource.id}' is not defined in the template; '${missing}' was referenced in dependsOn.`);
		}
	}
	return { template: properties.template, resources };
}

function invalidTemplate(message: string): EmuResponse {
	return armError(400, 'InvalidTemplate', `Deployment template validation failed: '${message}'.`);
}

/** Starts what can start, finishes what is due; called whenever a client looks at the deployment. */
function advance(context: EmulatorContext, deployment: Deployment): Deployment {
	for (const step of deployment.steps) {
		if (step.timer) {
			context.operations.poll(step.timer.id);
		}
	}
	if (deployment.state !== 'Accepted' && deployment.state !== 'Running') {
		return deployment;
	}
	deployment.state = 'Running';
	const scenario = context.settings.deployment;
	const failed = deployment.steps.some((s) => s.state === 'Failed');
	if (!failed) {
		for (const resource of deployment.resources) {
			const started = deployment.steps.some((s) => s.resource === resource);
			const ready = resource.dependsOn.every((d) => deployment.steps.some((s) => s.state === 'Succeeded' && s.resource.id.toLowerCase() === d.toLowerCase()));
			if (!started && ready) {
				startStep(context, deployment, resource, scenario);
			}
		}
	}
	if (deployment.steps.some((s) => s.state === 'Running')) {
		return deployment;
	}
	if (deployment.steps.some((s) => s.state === 'Failed')) {
		deployment.state = 'Failed';
	} else if (deployment.steps.length === deployment.resources.length) {
		deployment.state = 'Succeeded';
	} else {
		return deployment;
	}
	deployment.endedAt = Date.now();
	return deployment;
}

function startStep(context: EmulatorContext, deployment: Deployment, resource: TemplateResource, scenario: DeploymentScenario): void {
	const step: Step = { resource, operationId: randomDigits(), state: 'Running', startedAt: Date.now() };
	deployment.steps.push(step);
	if (scenario.holdResource?.toLowerCase() === resource.type.toLowerCase()) {
		return;
	}
	step.timer = context.operations.start('mfeOperationResults', {
		subscriptionId: deployment.subscriptionId,
		location: resource.location,
		apiVersion: resource.apiVersion,
		onDone: () => {
			if (step.state !== 'Running') {
				return;
			}
			step.endedAt = Date.now();
			const problem = scenario.failResource?.toLowerCase() === resource.type.toLowerCase() ? { code: scenario.failCode ?? 'BadRequest', message: scenario.failMessage ?? `The emulator was told to fail ${resource.type}.` } : refusal(context, resource);
			if (problem) {
				step.state = 'Failed';
				step.error = problem;
				return;
			}
			step.state = 'Succeeded';
			create(context, deployment, resource);
		},
	});
}

/** What the resource provider itself would refuse: a bad name, a storage account name taken anywhere. */
function refusal(context: EmulatorContext, resource: TemplateResource): { code: string; message: string } | undefined {
	if (!namePatterns[resource.type.toLowerCase()].test(resource.name)) {
		return { code: 'InvalidResourceName', message: `The resource name '${resource.name}' is not valid for ${resource.type}.` };
	}
	const storage = 'microsoft.storage/storageaccounts';
	if (resource.type.toLowerCase() === storage && [...context.state.resources.values()].some((r) => r.type.toLowerCase() === storage && r.name === resource.name)) {
		return { code: 'StorageAccountAlreadyTaken', message: `The storage account named ${resource.name} is already taken.` };
	}
	return undefined;
}

function create(context: EmulatorContext, deployment: Deployment, resource: TemplateResource): void {
	const body = resource.body as { properties?: Record<string, unknown>; tags?: Record<string, string>; kind?: string; sku?: Record<string, unknown>; identity?: Record<string, unknown> };
	if (resource.type.toLowerCase() === 'microsoft.machinelearningservices/workspaces') {
		const properties = { ...body.properties, provisioningState: 'Succeeded' };
		void seedWorkspace(context, { subscriptionId: deployment.subscriptionId, resourceGroup: deployment.resourceGroup, workspace: resource.name, location: resource.location, properties, tags: body.tags });
		return;
	}
	const tenantId = context.state.subscriptions.get(deployment.subscriptionId.toLowerCase())?.tenantId ?? '00000000-0000-0000-0000-00000000e0e0';
	const properties = JSON.parse(JSON.stringify(body.properties ?? {}).replace(/\[subscription\(\)\.tenantId\]/g, tenantId)) as Record<string, unknown>;
	context.state.resources.set(resource.id.toLowerCase(), {
		id: resource.id,
		name: resource.name,
		type: resource.type,
		location: resource.location,
		kind: body.kind,
		sku: body.sku,
		tags: body.tags ?? {},
		properties: { ...properties, provisioningState: 'Succeeded' },
		systemData: systemData(),
	});
}

function deploymentBody(deployment: Deployment): Record<string, unknown> {
	const ended = deployment.endedAt ?? Date.now();
	return {
		id: deployment.id,
		name: deployment.name,
		type: 'Microsoft.Resources/deployments',
		properties: {
			templateHash: String(Math.abs(hash(JSON.stringify(deployment.template)))),
			parameters: {},
			mode: 'Incremental',
			provisioningState: deployment.state,
			timestamp: new Date(ended).toISOString(),
			duration: isoSeconds(ended - deployment.startedAt),
			correlationId: deployment.correlationId,
			providers: [...new Set(deployment.resources.map((r) => r.type.split('/')[0]))].map((namespace) => ({
				namespace,
				resourceTypes: deployment.resources.filter((r) => r.type.startsWith(`${namespace}/`)).map((r) => ({ resourceType: r.type.slice(namespace.length + 1), locations: [r.location] })),
			})),
			dependencies: deployment.resources
				.filter((r) => r.dependsOn.length > 0)
				.map((r) => ({
					dependsOn: r.dependsOn.map((d) => ({ id: d, resourceType: d.split('/').slice(6, 8).join('/'), resourceName: d.split('/').pop() })),
					id: r.id,
					resourceType: r.type,
					resourceName: r.name,
				})),
			...(deployment.state === 'Succeeded' ? { outputs: {}, outputResources: deployment.resources.map((r) => ({ id: r.id })) } : {}),
			...(deployment.state === 'Failed' ? { error: deploymentError(deployment) } : {}),
		},
	};
}

function deploymentError(deployment: Deployment): Record<string, unknown> {
	const details = deployment.steps.filter((s) => s.error).map((s) => ({ code: s.error?.code, message: s.error?.message }));
	return {
		code: 'DeploymentFailed',
		message: 'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
		details,
	};
}

function operationBody(deployment: Deployment, step: Step): Record<string, unknown> {
	const ended = step.endedAt ?? Date.now();
	return {
		id: `${deployment.id}/operations/${step.operationId}`,
		operationId: step.operationId,
		properties: {
			provisioningOperation: 'Create',
			provisioningState: step.state,
			timestamp: new Date(ended).toISOString(),
			duration: isoSeconds(ended - step.startedAt),
			trackingId: randomUUID(),
			serviceRequestId: randomUUID(),
			statusCode: step.state === 'Failed' ? 'BadRequest' : step.state === 'Succeeded' ? 'OK' : undefined,
			...(step.error ? { statusMessage: { status: 'Failed', error: { code: step.error.code, message: step.error.message, details: [] } } } : {}),
			targetResource: { id: step.resource.id, resourceType: step.resource.type, resourceName: step.resource.name },
		},
	};
}

function isoSeconds(ms: number): string {
	return `PT${(Math.max(0, ms) / 1000).toFixed(7).replace(/\.?0+$/, '')}S`;
}

function randomDigits(): string {
	return Array.from({ length: 20 }, () => Math.floor(Math.random() * 10)).join('');
}

function hash(text: string): number {
	let h = 0;
	for (let i = 0; i < text.length; i++) {
		h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
	}
	return h;
}

