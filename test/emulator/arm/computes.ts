import type { EmulatorContext } from '../context';
import { armError, badRequest, json, notFound, pageOf, parseJsonBody, systemData, type Router } from '../http';
import type { Resource, WorkspaceState } from '../state';
import { apiVersion, findWorkspace, isResponse, workspacePath } from './common';

const computeName = /^[a-zA-Z][a-zA-Z0-9-]{0,14}[a-zA-Z0-9]$/;
const computeTypes = new Set(['AmlCompute', 'ComputeInstance', 'Kubernetes', 'VirtualMachine', 'AKS', 'DataFactory', 'Databricks', 'HDInsight', 'DataLakeAnalytics', 'SynapseSpark']);

/** AmlCompute properties as the service shows them while provisioning (no node counts yet). */
function clusterProperties(inner: Record<string, unknown>): Record<string, unknown> {
	const { adminUserPassword: _password, ...credentials } = (inner.userAccountCredentials ?? {}) as Record<string, unknown>;
	return {
		vmSize: typeof inner.vmSize === 'string' ? inner.vmSize.toUpperCase() : 'STANDARD_DS3_V2',
		vmPriority: inner.vmPriority ?? 'Dedicated',
		scaleSettings: { minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT2M', ...(inner.scaleSettings as object | undefined) },
		// Passwords are never shown again.
		...(inner.userAccountCredentials ? { userAccountCredentials: { ...credentials, adminUserPassword: null } } : {}),
		subnet: null,
		currentNodeCount: null,
		targetNodeCount: null,
		nodeStateCounts: null,
		allocationState: null,
		errors: null,
		remoteLoginPortPublicAccess: inner.remoteLoginPortPublicAccess ?? 'NotSpecified',
		osType: inner.osType ?? 'Linux',
		virtualMachineImage: null,
		isolatedNetwork: false,
		enableNodePublicIp: inner.enableNodePublicIp ?? true,
		enableBatchPrivateLink: false,
	};
}

/** The same cluster once provisioned: idle, with node counts. */
function steadyCluster(inner: Record<string, unknown>): Record<string, unknown> {
	return {
		...clusterProperties(inner),
		vmSize: inner.vmSize ?? 'Standard_DS3_v2',
		currentNodeCount: 0,
		targetNodeCount: 0,
		nodeStateCounts: { preparingNodeCount: 0, runningNodeCount: 0, idleNodeCount: 0, unusableNodeCount: 0, leavingNodeCount: 0, preemptedNodeCount: 0 },
		allocationState: 'Steady',
		allocationStateTransitionTime: new Date().toISOString(),
		propertyBag: {},
	};
}

function computeResource(workspace: WorkspaceState, name: string, location: string, fields: Record<string, unknown>, existing?: Resource): Resource {
	const now = new Date().toISOString();
	return {
		id: `${workspace.armId}/computes/${name}`,
		name,
		type: 'Microsoft.MachineLearningServices/workspaces/computes',
		location,
		tags: existing?.tags ?? {},
		properties: {
			createdOn: existing?.properties.createdOn ?? now,
			modifiedOn: now,
			disableLocalAuth: false,
			description: null,
			resourceId: null,
			computeType: 'AmlCompute',
			computeLocation: location,
			provisioningState: 'Succeeded',
			provisioningErrors: null,
			provisioningWarnings: {},
			isAttachedCompute: false,
			...fields,
		},
		systemData: existing?.systemData ?? systemData(),
	};
}

/**
 * ComputeInstance properties in the shape of the spec's example (Compute/get/ComputeInstance.json,
 * 2022-10-01) in a given `state` (ComputeInstanceState).
 */
function instanceProperties(workspace: WorkspaceState, name: string, location: string, inner: Record<string, unknown>, state: string): Record<string, unknown> {
	return {
		vmSize: typeof inner.vmSize === 'string' ? inner.vmSize : 'STANDARD_DS3_V2',
		subnet: null,
		applicationSharingPolicy: inner.applicationSharingPolicy ?? 'Shared',
		sshSettings: { sshPublicAccess: 'Disabled', adminUserName: 'azureuser', sshPort: 50000 },
		computeInstanceAuthorizationType: 'personal',
		personalComputeInstanceSettings: null,
		createdBy: { userName: 'emulator@example.com', userOrgId: '00000000-0000-0000-0000-000000000000', userId: '00000000-0000-0000-0000-000000000000' },
		connectivityEndpoints: { publicIpAddress: '10.0.0.4', privateIpAddress: '10.0.0.4' },
		applications: [{ displayName: 'Jupyter', endpointUri: `https://${name}.${location}.instances.azureml.ms/tree/` }],
		errors: null,
		state,
		lastOperation: null,
		schedules: null,
		enableNodePublicIp: true,
		resourceId: `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspace.name}/computes/${name}`,
	};
}

/** A compute instance that already exists (seeded), in `state` (Running by default). */
export function addComputeInstance(workspace: WorkspaceState, name: string, inner: Record<string, unknown>, location: string, state = 'Running'): Resource {
	const resource = computeResource(workspace, name, location, { computeType: 'ComputeInstance', properties: instanceProperties(workspace, name, location, inner, state) });
	workspace.computes.set(name, resource);
	return resource;
}

/** What each action needs, shows while it runs and leaves behind (ComputeInstanceState values). */
const instanceActions: Record<string, { readonly from: readonly string[]; during: string; after: string }> = {
	start: { from: ['Stopped'], during: 'Starting', after: 'Running' },
	stop: { from: ['Running', 'JobRunning'], during: 'Stopping', after: 'Stopped' },
	restart: { from: ['Running', 'JobRunning'], during: 'Restarting', after: 'Running' },
};

/** A cluster that already exists (seeded), as provisioned. */
export function addCompute(workspace: WorkspaceState, name: string, inner: Record<string, unknown>, location: string): Resource {
	const resource = computeResource(workspace, name, location, { properties: steadyCluster(inner) });
	workspace.computes.set(name, resource);
	return resource;
}

export function registerComputeRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', `${workspacePath}/computes`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		return json(200, pageOf(request, [...workspace.computes.values()], context.settings.listPageSize, context.origin));
	});

	router.add('GET', `${workspacePath}/computes/([^/]+)`, (_request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const compute = workspace.computes.get(params[3]);
		return compute ? json(200, compute) : notFound('Compute', params[3]);
	});

	router.add('PUT', `${workspacePath}/computes/([^/]+)`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const name = params[3];
		if (!computeName.test(name)) {
			return badRequest(
				'Compute name is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 2 and 16 characters in length.',
				'InvalidComputeName',
			);
		}
		const body = parseJsonBody(request);
		const properties = body?.properties as Record<string, unknown> | undefined;
		const computeType = properties?.computeType;
		if (typeof computeType !== 'string' || !computeTypes.has(computeType)) {
			return badRequest(`properties.computeType must be one of ${[...computeTypes].join(', ')}.`);
		}
		const inner = (properties?.properties ?? {}) as Record<string, unknown>;
		const scale = inner.scaleSettings as { maxNodeCount?: unknown; minNodeCount?: unknown } | undefined;
		if (computeType === 'AmlCompute' && (typeof scale?.maxNodeCount !== 'number' || scale.maxNodeCount < 0)) {
			return badRequest('properties.properties.scaleSettings.maxNodeCount is required for AmlCompute and must be a number >= 0.');
		}
		if (typeof scale?.minNodeCount === 'number' && typeof scale.maxNodeCount === 'number' && scale.minNodeCount > scale.maxNodeCount) {
			return badRequest('minNodeCount cannot be greater than maxNodeCount.');
		}
		const location = typeof body?.location === 'string' ? body.location : workspace.location;
		const existing = workspace.computes.get(name);
		const resource = computeResource(
			workspace,
			name,
			location,
			{
				disableLocalAuth: properties?.disableLocalAuth ?? false,
				description: properties?.description ?? null,
				// The service names the cluster behind the compute only in its answer to an update.
				resourceId: existing ? `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.BatchAI/workspaces/${workspace.name}/clusters/${name}` : null,
				computeType,
				provisioningState: existing ? 'Updating' : 'Creating',
				provisioningWarnings: existing ? {} : null,
				properties: computeType === 'ComputeInstance' ? instanceProperties(workspace, name, location, inner, 'Creating') : clusterProperties(inner),
			},
			existing,
		);
		resource.tags = (body?.tags as Record<string, string> | undefined) ?? resource.tags;
		workspace.computes.set(name, resource);
		const operation = context.operations.start('computeOperationsStatus', {
			subscriptionId: workspace.subscriptionId,
			location,
			apiVersion: apiVersion(request),
			onDone: () => {
				resource.properties.provisioningState = 'Succeeded';
				resource.properties.resourceId = null;
				resource.properties.modifiedOn = new Date().toISOString();
				resource.properties.properties = computeType === 'ComputeInstance' ? instanceProperties(workspace, name, location, inner, 'Running') : steadyCluster(inner);
			},
		});
		return json(201, resource, { 'Azure-AsyncOperation': operation.url });
	});

	router.add('DELETE', `${workspacePath}/computes/([^/]+)`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const name = params[3];
		const compute = workspace.computes.get(name);
		if (!compute) {
			return json(204, undefined);
		}
		const action = request.url.searchParams.get('underlyingResourceAction');
		if (action !== 'Delete' && action !== 'Detach') {
			return armError(400, 'BadArgument', "The query parameter 'underlyingResourceAction' must be 'Delete' or 'Detach'.");
		}
		compute.properties.provisioningState = 'Deleting';
		const operation = context.operations.start('computeOperationsStatus', {
			subscriptionId: workspace.subscriptionId,
			location: compute.location ?? workspace.location,
			apiVersion: apiVersion(request),
			onDone: () => workspace.computes.delete(name),
		});
		return { status: 202, headers: { 'Azure-AsyncOperation': operation.url } };
	});

	// Compute_Start / Compute_Stop / Compute_Restart: 202 with no body, then the instance moves
	// through its transition state (Starting, Stopping, Restarting) to Running or Stopped.
	router.add('POST', `${workspacePath}/computes/([^/]+)/(start|stop|restart)`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const [name, action] = [params[3], params[4]];
		const compute = workspace.computes.get(name);
		if (!compute) {
			return notFound('Compute', name);
		}
		if (compute.properties.computeType !== 'ComputeInstance') {
			return badRequest(`Compute ${name} is a ${String(compute.properties.computeType)}: ${action} applies only to compute instances.`, 'NotSupported');
		}
		const inner = compute.properties.properties as Record<string, unknown>;
		const rule = instanceActions[action];
		if (!rule.from.includes(String(inner.state))) {
			return armError(409, 'Conflict', `Compute instance ${name} is ${String(inner.state)}: ${action} needs it ${rule.from.join(' or ')}.`);
		}
		inner.state = rule.during;
		inner.lastOperation = { operationName: action.replace(/^./, (c) => c.toUpperCase()), operationTime: new Date().toISOString(), operationStatus: 'InProgress', operationTrigger: 'User' };
		const operation = context.operations.start('computeOperationsStatus', {
			subscriptionId: workspace.subscriptionId,
			location: compute.location ?? workspace.location,
			apiVersion: apiVersion(request),
			onDone: () => {
				inner.state = rule.after;
				inner.lastOperation = { ...(inner.lastOperation as object), operationStatus: 'Succeeded' };
			},
		});
		return { status: 202, headers: { 'Azure-AsyncOperation': operation.url, Location: context.operations.urlFor(operation, 'mfeOperationResults') } };
	});
}
