import type * as vscode from 'vscode';
import type { ArmResource } from '../../core/azure/armResources';
import type { AzureConnection } from '../../core/azure/AzureConnection';
import type { ResourceGroup } from '../../core/azure/resourceGroups';
import type { Subscription } from '../../core/azure/subscriptions';
import { nameProblem } from '../../core/jobs/names';
import type { CreateWorkspaceRequest } from '../../core/workspaces/createWorkspace';
import type { DependentKind } from '../../core/workspaces/workspaceTemplate';
import type { AzureModule } from '../azure/azureModule';
import type { Prompter } from '../prompter';

interface Asked {
	readonly request: CreateWorkspaceRequest;
	/** One line per resource, for the confirmation. */
	readonly summary: string;
}

interface Dependent {
	readonly kind: DependentKind;
	readonly label: string;
	readonly type: string;
	/** What happens when none is chosen. */
	readonly fresh: string;
}

const dependents: readonly Dependent[] = [
	{ kind: 'storageAccount', label: 'Storage account', type: 'Microsoft.Storage/storageAccounts', fresh: 'Create new' },
	{ kind: 'keyVault', label: 'Key vault', type: 'Microsoft.KeyVault/vaults', fresh: 'Create new' },
	{ kind: 'applicationInsights', label: 'Application Insights', type: 'Microsoft.Insights/components', fresh: 'Create new (with a Log Analytics workspace)' },
	// As az ml: no registry at creation; Azure ML makes one when it first builds an image.
	{ kind: 'containerRegistry', label: 'Container registry', type: 'Microsoft.ContainerRegistry/registries', fresh: 'None for now (Azure ML creates one at its first image build)' },
];

/**
 * The Create Workspace wizard: name (Azure's rule, checked as typed), resource group (existing or
 * new), region (the group's first), and optionally existing dependent resources. Each answer is
 * checked before anything is sent; the lists come from the subscription.
 */
export async function askWorkspacePlan(prompt: Prompter, azure: AzureModule, connection: AzureConnection, subscription: Subscription): Promise<Asked> {
	const title = `New Azure ML workspace in ${subscription.displayName}`;
	const subscriptionId = subscription.subscriptionId;
	const workspace = await prompt.inputBox({ title, prompt: 'Workspace name', validateInput: (v) => nameProblem('workspace', v) });

	const groups = azure.listResourceGroups(connection, subscriptionId);
	const createGroup = { label: '$(add) Create new resource group…', group: undefined as ResourceGroup | undefined };
	const groupItems = groups.then((all) => [createGroup, ...all.map((g) => ({ label: g.name, description: g.location, group: g }))]);
	const picked = (await prompt.quickPick(groupItems, { title, placeHolder: 'Resource group' })).group;
	let resourceGroup: string;
	if (picked) {
		resourceGroup = picked.name;
		if (await azure.workspaceExists(connection, subscriptionId, resourceGroup, workspace)) {
			throw new Error(`A workspace named "${workspace}" already exists in resource group "${resourceGroup}": choose another name.`);
		}
	} else {
		const taken = new Set((await groups).map((g) => g.name.toLowerCase()));
		resourceGroup = await prompt.inputBox({
			title,
			prompt: 'New resource group name',
			value: `${workspace}-rg`,
			validateInput: (v) => nameProblem('resource group', v) ?? (taken.has(v.toLowerCase()) ? `Resource group "${v}" already exists: pick it from the list instead.` : undefined),
		});
	}

	const regions = azure.listLocations(connection, subscriptionId).then((all) => {
		const first = all.filter((l) => l.name === picked?.location);
		const items = [...first, ...all.filter((l) => l.name !== picked?.location)];
		return items.map((l) => ({ label: l.displayName, description: l.name === picked?.location ? `${l.name} · the resource group's region` : l.name, name: l.name }));
	});
	const location = (await prompt.quickPick(regions, { title, placeHolder: picked ? 'Region' : `Region (of the workspace and of resource group "${resourceGroup}")`, matchOnDescription: true })).name;

	const existing = await askExisting(prompt, azure, connection, subscriptionId, location, title);
	const summary = [
		`Resource group: ${resourceGroup}${picked ? '' : ` (new, in ${location})`}`,
		`Region: ${location}`,
		...dependents.map((d) => `${d.label}: ${existing[d.kind]?.split('/').pop() ?? d.fresh.replace(/^Create new/, 'new')}`),
	].join('\n');
	return { request: { subscriptionId, resourceGroup, location, workspace, existing, newResourceGroup: !picked }, summary };
}

async function askExisting(prompt: Prompter, azure: AzureModule, connection: AzureConnection, subscriptionId: string, location: string, title: string): Promise<Partial<Record<DependentKind, string>>> {
	const mode = await prompt.quickPick(
		[
			{ label: 'Create the storage account, key vault and Application Insights', description: 'as az ml workspace create does', advanced: false },
			{ label: 'Advanced: use existing resources…', description: 'storage account, key vault, Application Insights, container registry', advanced: true },
		],
		{ title, placeHolder: 'Dependent resources' },
	);
	const existing: Partial<Record<DependentKind, string>> = {};
	if (!mode.advanced) {
		return existing;
	}
	for (const dependent of dependents) {
		const items = azure.listResourcesOfType(connection, subscriptionId, dependent.type).then((all) => [
			{ label: dependent.fresh, resource: undefined as ArmResource | undefined },
			// Resources in the workspace's region first.
			...[...all].sort((a, b) => Number(b.location === location) - Number(a.location === location)).map((r) => ({ label: r.name, description: `${r.resourceGroup} · ${r.location}`, resource: r })),
		]);
		const chosen: vscode.QuickPickItem & { resource?: ArmResource } = await prompt.quickPick(items, { title, placeHolder: dependent.label, matchOnDescription: true });
		if (chosen.resource) {
			existing[dependent.kind] = chosen.resource.id;
		}
	}
	return existing;
}
