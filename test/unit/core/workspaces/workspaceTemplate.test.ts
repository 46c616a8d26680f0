import * as assert from 'node:assert/strict';
import { buildWorkspaceTemplate, dependentResourceName, deploymentNameFor, type WorkspacePlan } from '../../../../src/core/workspaces/workspaceTemplate';

const hex = () => '0123456789abcdef0123456789abcdef';
const plan: WorkspacePlan = { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', location: 'westeurope', workspace: 'My_Work-space', randomHex: hex };
const group = '/subscriptions/sub-1/resourceGroups/rg-ml/providers';

type TemplateResource = { type: string; name: string; apiVersion: string; location: string; dependsOn?: string[]; properties: Record<string, unknown>; identity?: unknown };
const resourcesOf = (template: Record<string, unknown>) => template.resources as TemplateResource[];

describe('workspace template', () => {
	it('names dependent resources as azure-ai-ml does: 8 letters or digits of the workspace, 8 of the kind, random hex, 24 at most', () => {
		assert.equal(dependentResourceName('My_Work-space', 'storage', hex), 'myworksp' + 'storage' + '012345678');
		assert.equal(dependentResourceName('ab', 'logalytics', hex), 'ab' + 'logalyti' + '0123456789abcd');
		assert.equal(dependentResourceName('My_Work-space', 'keyvault', hex).length, 24);
		// A key vault name must start with a letter.
		assert.match(dependentResourceName('123-ws', 'keyvault', hex), /^keyvault123ws[0-9a-f]+$/);
	});

	it('names the deployment "<workspace>-<1..10,000,000>" as get_deployment_name does', () => {
		assert.equal(deploymentNameFor('ws', () => 0), 'ws-1');
		assert.equal(deploymentNameFor('ws', () => 0.9999999999), 'ws-10000000');
	});

	it('creates storage, key vault, Log Analytics, Application Insights and the workspace, the workspace last and depending on them', () => {
		const { template, resources, workspaceId } = buildWorkspaceTemplate(plan);
		assert.deepEqual(
			resources.map((r) => [r.type, r.apiVersion]),
			[
				['Microsoft.Storage/storageAccounts', '2019-04-01'],
				['Microsoft.KeyVault/vaults', '2019-09-01'],
				['Microsoft.OperationalInsights/workspaces', '2020-08-01'],
				['Microsoft.Insights/components', '2020-02-02'],
				['Microsoft.MachineLearningServices/workspaces', '2024-04-01'],
			],
		);
		assert.equal(workspaceId, `${group}/Microsoft.MachineLearningServices/workspaces/My_Work-space`);
		const [storage, keyVault, logs, insights, workspace] = resourcesOf(template);
		assert.ok(resourcesOf(template).every((r) => r.location === 'westeurope'));
		assert.equal(keyVault.properties.tenantId, '[subscription().tenantId]');
		assert.deepEqual(insights.dependsOn, [`${group}/Microsoft.OperationalInsights/workspaces/${logs.name}`]);
		assert.equal(insights.properties.WorkspaceResourceId, `${group}/Microsoft.OperationalInsights/workspaces/${logs.name}`);
		assert.deepEqual(workspace.dependsOn, [resources[0].id, resources[1].id, resources[3].id]);
		assert.deepEqual(workspace.identity, { type: 'SystemAssigned' });
		assert.equal(workspace.properties.storageAccount, `${group}/Microsoft.Storage/storageAccounts/${storage.name}`);
		assert.equal(workspace.properties.keyVault, resources[1].id);
		assert.equal(workspace.properties.applicationInsights, resources[3].id);
		assert.equal('containerRegistry' in workspace.properties, false, 'no registry at creation, as az ml');
		// Values are written in: the only expression is the one ARM must evaluate.
		assert.deepEqual(JSON.stringify(template).match(/"\[[^"]*\]"/g), ['"[subscription().tenantId]"']);
	});

	it('uses existing resources by id instead of creating them', () => {
		const existing = {
			storageAccount: '/subscriptions/sub-1/resourceGroups/shared/providers/Microsoft.Storage/storageAccounts/sharedsa',
			keyVault: '/subscriptions/sub-1/resourceGroups/shared/providers/Microsoft.KeyVault/vaults/shared-kv',
			applicationInsights: '/subscriptions/sub-1/resourceGroups/shared/providers/Microsoft.Insights/components/shared-ai',
			containerRegistry: '/subscriptions/sub-1/resourceGroups/shared/providers/Microsoft.ContainerRegistry/registries/sharedcr',
		};
		const { template, resources } = buildWorkspaceTemplate({ ...plan, existing });
		assert.deepEqual(resources.map((r) => r.type), ['Microsoft.MachineLearningServices/workspaces']);
		const [workspace] = resourcesOf(template);
		assert.deepEqual(workspace.dependsOn, []);
		assert.equal(workspace.properties.storageAccount, existing.storageAccount);
		assert.equal(workspace.properties.keyVault, existing.keyVault);
		assert.equal(workspace.properties.applicationInsights, existing.applicationInsights);
		assert.equal(workspace.properties.containerRegistry, existing.containerRegistry);
	});

	it('creates only what is not given', () => {
		const { resources } = buildWorkspaceTemplate({ ...plan, existing: { keyVault: '/subscriptions/sub-1/resourceGroups/x/providers/Microsoft.KeyVault/vaults/kv' } });
		assert.deepEqual(resources.map((r) => r.label), ['Storage account', 'Log Analytics workspace', 'Application Insights', 'Workspace']);
	});
});
