// A workspace and its dependent resources as one ARM template, the way `az ml workspace create`
// (azure-ai-ml `WorkspaceOperationsBase.begin_create` → `_populate_arm_parameters` →
// `ArmDeploymentExecutor`) creates them: a resource-group deployment of `workspace_base.json`.
// Ours is a compact equivalent with the values written in, for the default (non-hub) kind:
// - a StorageV2 / Standard_LRS account, https only, no public blob access (Microsoft.Storage 2019-04-01);
// - a key vault, sku standard/A, RBAC authorisation, tenant `[subscription().tenantId]` (Microsoft.KeyVault 2019-09-01);
// - Application Insights on a Log Analytics workspace, as the SDK's newest code generates both names
//   (Microsoft.OperationalInsights 2020-08-01, Microsoft.Insights/components 2020-02-02);
// - no container registry unless an existing one is given (`containerRegistryOption: none`): Azure
//   ML creates one the first time it builds an image;
// - the workspace itself, system-assigned identity, sku Basic (Microsoft.MachineLearningServices 2024-04-01).
// Each dependency may instead be an existing resource (its ARM id), as `--storage-account` & co. do.
// Dependent resource names follow azure-ai-ml's `get_name_for_dependent_resource`.

import { randomUUID } from 'node:crypto';

export type DependentKind = 'storageAccount' | 'keyVault' | 'applicationInsights' | 'containerRegistry';

export interface WorkspacePlan {
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly location: string;
	readonly workspace: string;
	/** ARM ids of existing resources to use instead of new ones. */
	readonly existing?: Partial<Record<DependentKind, string>>;
	/** Only for tests: the random hex that makes dependent names unique. */
	readonly randomHex?: () => string;
}

/** One resource the template creates: what the progress and the clean-up name it by. */
export interface PlannedResource {
	readonly type: string;
	readonly name: string;
	readonly id: string;
	readonly label: string;
	readonly apiVersion: string;
}

export interface WorkspaceTemplate {
	readonly template: Record<string, unknown>;
	/** In creation order; the workspace is last. */
	readonly resources: readonly PlannedResource[];
	readonly workspaceId: string;
}

export const resourceKinds = {
	storage: { type: 'Microsoft.Storage/storageAccounts', label: 'Storage account', apiVersion: '2019-04-01' },
	keyVault: { type: 'Microsoft.KeyVault/vaults', label: 'Key vault', apiVersion: '2019-09-01' },
	logAnalytics: { type: 'Microsoft.OperationalInsights/workspaces', label: 'Log Analytics workspace', apiVersion: '2020-08-01' },
	appInsights: { type: 'Microsoft.Insights/components', label: 'Application Insights', apiVersion: '2020-02-02' },
	containerRegistry: { type: 'Microsoft.ContainerRegistry/registries', label: 'Container registry', apiVersion: '2019-05-01' },
	workspace: { type: 'Microsoft.MachineLearningServices/workspaces', label: 'Workspace', apiVersion: '2024-04-01' },
} as const;

/** azure-ai-ml's `get_name_for_dependent_resource`: 8 letters/digits of the workspace, 8 of the kind, random hex; 24 at most. */
export function dependentResourceName(workspace: string, kind: string, randomHex: () => string = () => randomUUID().replace(/-/g, '')): string {
	const letters = workspace.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);
	const name = `${letters}${kind.slice(0, 8)}${randomHex()}`.slice(0, 24);
	// Key vault names must start with a letter; a workspace named "1abc" would otherwise give "1abckeyvault…".
	return /^[a-z]/.test(name) ? name : `${kind.slice(0, 8)}${letters}${randomHex()}`.slice(0, 24);
}

/** azure-ai-ml's `get_deployment_name`: the workspace name and a number from 1 to 10,000,000. */
export function deploymentNameFor(workspace: string, random: () => number = Math.random): string {
	return `${workspace}-${1 + Math.floor(random() * 10_000_000)}`;
}

export function buildWorkspaceTemplate(plan: WorkspacePlan): WorkspaceTemplate {
	const group = `/subscriptions/${plan.subscriptionId}/resourceGroups/${plan.resourceGroup}`;
	const idOf = (type: string, name: string) => `${group}/providers/${type}/${name}`;
	const planned: PlannedResource[] = [];
	const resources: Record<string, unknown>[] = [];
	const tags = { createdByToolkit: 'azureml-explorer' };
	const add = (kind: (typeof resourceKinds)[keyof typeof resourceKinds], name: string, body: Record<string, unknown>): string => {
		const id = idOf(kind.type, name);
		planned.push({ type: kind.type, name, id, label: kind.label, apiVersion: kind.apiVersion });
		resources.push({ type: kind.type, apiVersion: kind.apiVersion, name, location: plan.location, tags, ...body });
		return id;
	};
	const newName = (kind: string) => dependentResourceName(plan.workspace, kind, plan.randomHex);
	const existing = plan.existing ?? {};

	const storage =
		existing.storageAccount ??
		add(resourceKinds.storage, newName('storage'), {
			sku: { name: 'Standard_LRS' },
			kind: 'StorageV2',
			properties: {
				encryption: { services: { blob: { enabled: true }, file: { enabled: true } }, keySource: 'Microsoft.Storage' },
				supportsHttpsTrafficOnly: true,
				allowBlobPublicAccess: false,
			},
		});
	const keyVault =
		existing.keyVault ??
		add(resourceKinds.keyVault, newName('keyvault'), {
			properties: { tenantId: '[subscription().tenantId]', sku: { name: 'standard', family: 'A' }, accessPolicies: [], enableRbacAuthorization: true },
		});
	let appInsights = existing.applicationInsights;
	if (!appInsights) {
		const logAnalytics = add(resourceKinds.logAnalytics, newName('logalytics'), { properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 } });
		appInsights = add(resourceKinds.appInsights, newName('insights'), {
			kind: 'web',
			dependsOn: [logAnalytics],
			properties: { Application_Type: 'web', WorkspaceResourceId: logAnalytics },
		});
	}
	const dependsOn = planned.filter((r) => r.type !== resourceKinds.logAnalytics.type).map((r) => r.id);
	const workspaceId = add(resourceKinds.workspace, plan.workspace, {
		dependsOn,
		identity: { type: 'SystemAssigned' },
		sku: { name: 'Basic', tier: 'Basic' },
		kind: 'Default',
		properties: {
			friendlyName: plan.workspace,
			description: plan.workspace,
			storageAccount: storage,
			keyVault,
			applicationInsights: appInsights,
			...(existing.containerRegistry ? { containerRegistry: existing.containerRegistry } : {}),
			publicNetworkAccess: 'Enabled',
		},
	});
	return {
		template: { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters: {}, resources },
		resources: planned,
		workspaceId,
	};
}
