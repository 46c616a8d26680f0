import { devAccountKey, devAccountName } from '../azurite';
import type { EmulatorContext } from '../context';
import { json, pageOf, systemData, type EmuRequest, type Router } from '../http';
import { newGuid, WorkspaceState, workspaceKey, type DatastoreState, type Resource } from '../state';
import { findWorkspace, isResponse } from './common';
import { acceptedDelete, resourceGroupsOf } from './resourceGroups';

export interface WorkspaceSeed {
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly workspace: string;
	readonly location?: string;
	/** What a template deployment set: friendlyName, storageAccount, keyVault, … (over the defaults). */
	readonly properties?: Record<string, unknown>;
	readonly tags?: Record<string, string>;
}

/**
 * Creates a workspace with the shape the service returns (`discoveryUrl` and `mlFlowTrackingUri`
 * pointing at the emulator), its default datastores and their Azurite containers.
 */
export async function seedWorkspace(context: EmulatorContext, seed: WorkspaceSeed): Promise<WorkspaceState> {
	const existing = context.state.workspace(seed.subscriptionId, seed.resourceGroup, seed.workspace);
	if (existing) {
		return existing;
	}
	context.state.addSubscription(seed.subscriptionId);
	const location = seed.location ?? 'eastus2';
	const workspaceId = newGuid();
	const rgId = `/subscriptions/${seed.subscriptionId}/resourceGroups/${seed.resourceGroup}`;
	const id = `${rgId}/providers/Microsoft.MachineLearningServices/workspaces/${seed.workspace}`;
	const host = new URL(context.origin).host;
	const now = new Date();
	const resource: Resource = {
		id,
		name: seed.workspace,
		type: 'Microsoft.MachineLearningServices/workspaces',
		location,
		tags: seed.tags ?? {},
		etag: null,
		kind: 'Default',
		identity: { type: 'SystemAssigned', principalId: newGuid(), tenantId: '00000000-0000-0000-0000-00000000e0e0' },
		sku: { name: 'Basic', tier: 'Basic' },
		properties: {
			friendlyName: seed.workspace,
			description: '',
			storageAccount: `${rgId}/providers/Microsoft.Storage/storageAccounts/${devAccountName}`,
			keyVault: `${rgId}/providers/Microsoft.Keyvault/vaults/kv${workspaceId.slice(0, 8)}`,
			applicationInsights: `${rgId}/providers/Microsoft.insights/components/ai${workspaceId.slice(0, 8)}`,
			hbiWorkspace: false,
			tenantId: '00000000-0000-0000-0000-00000000e0e0',
			imageBuildCompute: null,
			provisioningState: 'Succeeded',
			managedNetwork: { changeableIsolationModes: ['AllowInternetOutbound', 'AllowOnlyApprovedOutbound'], isolationMode: 'Disabled', enableNetworkMonitor: false, enableFirewallLog: false },
			allowRoleAssignmentOnRG: true,
			v1LegacyMode: false,
			softDeleteEnabled: false,
			containerRegistry: `${rgId}/providers/Microsoft.ContainerRegistry/registries/cr${workspaceId.slice(0, 8)}`,
			creationTime: now.toISOString(),
			notebookInfo: { resourceId: workspaceId.replace(/-/g, ''), fqdn: `ml-${seed.workspace}-${location}-${workspaceId}.${location}.notebooks.azure.net`, isPrivateLinkEnabled: false, notebookPreparationError: null },
			storageHnsEnabled: false,
			workspaceId,
			linkedModelInventoryArmId: null,
			privateLinkCount: 0,
			publicNetworkAccess: 'Enabled',
			ipAllowlist: [],
			networkAcls: { defaultAction: 'Allow', bypass: '', ipRules: [], resourceAccessRules: [] },
			discoveryUrl: `${context.origin}/discovery`,
			mlFlowTrackingUri: `azureml://${host}/mlflow/v1.0${id}`,
			serverlessComputeSettings: null,
			EnableSoftwareBillOfMaterials: false,
			sdkTelemetryAppInsightsKey: newGuid(),
			sasGetterUri: '',
			enableDataIsolation: false,
			systemDatastoresAuthMode: 'accesskey',
			enableServiceSideCMKEncryption: false,
			azureOpenAI: { provisioningState: 'NotStarted', resourceId: null, endpoint: null, proxyResourceId: null, failureReason: null, deployedModels: [] },
			endpointResources: {},
			...seed.properties,
		},
		systemData: systemData(now),
	};
	const workspace = new WorkspaceState(resource, seed.subscriptionId, seed.resourceGroup, workspaceId);
	context.state.workspaces.set(workspaceKey(seed.subscriptionId, seed.resourceGroup, seed.workspace), workspace);
	const key = devAccountKey;
	addDatastore(workspace, 'workspaceblobstore', workspace.blobContainer, true, { secretsType: 'AccountKey', key });
	addDatastore(workspace, 'workspaceartifactstore', workspace.artifactContainer, false, { secretsType: 'AccountKey', key });
	addDatastore(workspace, 'workspacesasstore', workspace.blobContainer, false, { secretsType: 'Sas', sasToken: context.blobs.accountSasToken(8 * 3_600_000) });
	await context.blobs.ensureContainer(workspace.blobContainer);
	await context.blobs.ensureContainer(workspace.artifactContainer);
	return workspace;
}

function addDatastore(workspace: WorkspaceState, name: string, container: string, isDefault: boolean, secrets: DatastoreState['secrets']): void {
	workspace.datastores.set(name, {
		secrets,
		resource: {
			id: `${workspace.armId}/datastores/${name}`,
			name,
			type: 'Microsoft.MachineLearningServices/workspaces/datastores',
			properties: {
				description: null,
				tags: null,
				properties: null,
				isDefault,
				credentials: { credentialsType: secrets.secretsType === 'Sas' ? 'Sas' : 'AccountKey' },
				subscriptionId: workspace.subscriptionId,
				resourceGroup: workspace.resourceGroup,
				datastoreType: 'AzureBlob',
				accountName: devAccountName,
				containerName: container,
				endpoint: 'core.windows.net',
				protocol: 'https',
				serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity',
			},
			systemData: systemData(),
		},
	});
}

function subscriptionBody(context: EmulatorContext) {
	return [...context.state.subscriptions.values()].map((s) => ({
		id: `/subscriptions/${s.subscriptionId}`,
		authorizationSource: 'RoleBased',
		managedByTenants: [],
		subscriptionId: s.subscriptionId,
		tenantId: s.tenantId,
		displayName: s.displayName,
		state: 'Enabled',
		subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
	}));
}

function workspacesWhere(context: EmulatorContext, request: EmuRequest, keep: (w: WorkspaceState) => boolean) {
	const all = [...context.state.workspaces.values()].filter(keep).map((w) => w.resource);
	return json(200, pageOf(request, all, context.settings.listPageSize, context.origin));
}

export function registerWorkspaceRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', '/subscriptions', (request) => {
		const page = pageOf(request, subscriptionBody(context), context.settings.listPageSize, context.origin);
		return json(200, { ...page, count: { type: 'Total', value: context.state.subscriptions.size } });
	});
	router.add('GET', '/subscriptions/([^/]+)/resourcegroups', (request, [sub]) =>
		json(200, pageOf(request, resourceGroupsOf(context, sub), context.settings.listPageSize, context.origin)),
	);
	router.add('GET', '/subscriptions/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces', (request, [sub]) =>
		workspacesWhere(context, request, (w) => w.subscriptionId.toLowerCase() === sub.toLowerCase()),
	);
	router.add('GET', '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces', (request, [sub, rg]) =>
		workspacesWhere(context, request, (w) => w.subscriptionId.toLowerCase() === sub.toLowerCase() && w.resourceGroup.toLowerCase() === rg.toLowerCase()),
	);
	router.add('GET', '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces/([^/]+)', (_request, params) => {
		const workspace = findWorkspace(context, params);
		return isResponse(workspace) ? workspace : json(200, workspace.resource);
	});
	router.add('DELETE', '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces/([^/]+)', (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return { status: 204 };
		}
		workspace.resource.properties.provisioningState = 'Deleting';
		return acceptedDelete(context, request, workspace.subscriptionId, () => context.state.workspaces.delete(workspaceKey(workspace.subscriptionId, workspace.resourceGroup, workspace.name)));
	});
}
