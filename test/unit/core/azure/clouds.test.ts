import * as assert from 'node:assert/strict';
import {
	azureChinaCloud,
	azurePublicCloud,
	azureUsGovernmentCloud,
	blobAccountUrl,
	customCloud,
	isLoopbackHost,
	portalResourceUrl,
	studioRunUrl,
} from '../../../../src/core/azure/clouds';
import { isAzureError } from '../../../../src/core/azure/errors';
import { nameFromId, parseWorkspaceId, workspaceArmId } from '../../../../src/core/azure/workspaceRef';

describe('clouds', () => {
	it('derive the token scope, portal and studio from each known cloud', () => {
		assert.equal(azurePublicCloud.armScope, 'https://management.azure.com/.default');
		assert.equal(azureChinaCloud.armScope, 'https://management.chinacloudapi.cn/.default');
		assert.equal(azureChinaCloud.studioUrl, 'https://studio.ml.azure.cn');
		assert.equal(azureUsGovernmentCloud.authorityHost, 'https://login.microsoftonline.us');
		assert.equal(azureUsGovernmentCloud.portalUrl, 'https://portal.azure.us');
	});

	it('build a custom cloud whose scope follows its ARM endpoint', () => {
		const cloud = customCloud({ armEndpoint: 'https://management.contoso.example/', storageSuffix: 'core.contoso.example' });
		assert.equal(cloud.name, 'Custom');
		assert.equal(cloud.armEndpoint, 'https://management.contoso.example');
		assert.equal(cloud.armScope, 'https://management.contoso.example/.default');
		assert.equal(blobAccountUrl(cloud, 'acct'), 'https://acct.blob.core.contoso.example');
	});

	it('reach path-style blob endpoints (Azurite) through a template', () => {
		const cloud = customCloud({ armEndpoint: 'http://127.0.0.1:5000', blobEndpointTemplate: 'http://127.0.0.1:5000/{account}' });
		assert.equal(blobAccountUrl(cloud, 'devstoreaccount1', 'core.windows.net'), 'http://127.0.0.1:5000/devstoreaccount1');
		assert.equal(blobAccountUrl(azurePublicCloud, 'acct', 'core.windows.net', 'https'), 'https://acct.blob.core.windows.net');
	});

	it('refuse plain http anywhere but loopback, and templates without {account}', () => {
		assert.throws(() => customCloud({ armEndpoint: 'http://management.contoso.example' }), (e: unknown) => isAzureError(e, 'azure.config') && /must use https/.test((e as Error).message));
		assert.throws(() => customCloud({ armEndpoint: 'not a url' }), (e: unknown) => isAzureError(e, 'azure.config') && /is not a URL/.test((e as Error).message));
		assert.throws(() => customCloud({ armEndpoint: 'https://a.example', blobEndpointTemplate: 'https://blob.example' }), /must contain \{account\}/);
		assert.doesNotThrow(() => customCloud({ armEndpoint: 'http://localhost:8080' }));
	});

	it('know the loopback hosts', () => {
		for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
			assert.equal(isLoopbackHost(host), true, host);
		}
		for (const host of ['128.0.0.1', 'localhost.example.com', '10.0.0.1', 'management.azure.com']) {
			assert.equal(isLoopbackHost(host), false, host);
		}
	});

	it('link runs and resources to the cloud\'s studio and portal', () => {
		const ws = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w';
		assert.equal(studioRunUrl(azureChinaCloud, ws, 'run 1'), `https://studio.ml.azure.cn/runs/run%201?wsid=${ws}`);
		assert.equal(portalResourceUrl(azurePublicCloud, ws), `https://portal.azure.com/#@/resource${ws}`);
	});

	it('read a workspace from the ARM id of anything in it, and back', () => {
		const id = '/subscriptions/s-1/resourceGroups/My.RG(1)/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes/cpu';
		const ref = parseWorkspaceId(id);
		assert.deepEqual(ref, { subscriptionId: 's-1', resourceGroup: 'My.RG(1)', workspace: 'ws-1' });
		assert.equal(workspaceArmId(ref), '/subscriptions/s-1/resourceGroups/My.RG(1)/providers/Microsoft.MachineLearningServices/workspaces/ws-1');
		assert.equal(nameFromId(id), 'cpu');
		assert.throws(() => parseWorkspaceId('/subscriptions/s/resourceGroups/r'), (e: unknown) => isAzureError(e, 'azure.config'));
	});
});
