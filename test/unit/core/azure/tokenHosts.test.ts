import * as assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { azureChinaCloud, azurePublicCloud, azureUsGovernmentCloud, customCloud } from '../../../../src/core/azure/clouds';
import { AzureConnection } from '../../../../src/core/azure/AzureConnection';
import { isAzureError } from '../../../../src/core/azure/errors';
import { getMlflowRun } from '../../../../src/core/azure/mlflow';
import { getRunDetails } from '../../../../src/core/azure/runHistory';
import { mayCarryToken } from '../../../../src/core/azure/tokenHosts';

const ref = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg', workspace: 'ws' };

/** Counts how often a token was asked for: a refused host must not even cost a token. */
class CountingCredential implements TokenCredential {
	asked = 0;
	getToken(): Promise<AccessToken> {
		this.asked++;
		return Promise.resolve({ token: 'secret-token', expiresOnTimestamp: Date.now() + 3_600_000 });
	}
}

function refusedNaming(host: string) {
	return (error: unknown) => {
		assert.ok(isAzureError(error, 'azure.config'), String(error));
		assert.ok(error.message.includes(`Refusing to send the Azure sign-in token to ${host}:`), error.message);
		assert.ok(!error.message.includes('secret-token'));
		return true;
	};
}

describe('token hosts', () => {
	it('allow each known cloud its ARM endpoint and its own Azure ML data-plane hosts, over https only', () => {
		const allowed = (cloud: typeof azurePublicCloud, url: string) => mayCarryToken(cloud, new URL(url));
		assert.ok(allowed(azurePublicCloud, 'https://management.azure.com/subscriptions'));
		assert.ok(allowed(azurePublicCloud, 'https://eastus2.api.azureml.ms/history/v1.0/x'));
		assert.ok(allowed(azurePublicCloud, 'https://0f1e.workspace.eastus2.api.azureml.ms/mlflow/v1.0/x'));
		assert.ok(allowed(azureChinaCloud, 'https://chinaeast2.api.ml.azure.cn/history/v1.0/x'));
		assert.ok(allowed(azureUsGovernmentCloud, 'https://usgovvirginia.api.ml.azure.us/history/v1.0/x'));

		assert.ok(!allowed(azurePublicCloud, 'http://eastus2.api.azureml.ms/history'), 'plain http');
		assert.ok(!allowed(azurePublicCloud, 'https://chinaeast2.api.ml.azure.cn/history'), 'another cloud');
		assert.ok(!allowed(azureChinaCloud, 'https://eastus2.api.azureml.ms/history'), 'another cloud');
		assert.ok(!allowed(azurePublicCloud, 'https://eastus2.api.azureml.ms.evil.example/history'), 'suffix inside a longer name');
		assert.ok(!allowed(azurePublicCloud, 'https://evilapi.azureml.ms/history'), 'suffix without its dot');
		assert.ok(!allowed(azurePublicCloud, 'https://api.azureml.ms/history'), 'the bare suffix is no region host');
		assert.ok(!allowed(azurePublicCloud, 'https://management.azure.com:8443/subscriptions'), 'another port of the ARM host');
		assert.ok(!allowed(azurePublicCloud, 'http://127.0.0.1:5000/history'), 'loopback is for custom clouds');
	});

	it('allow a custom cloud its ARM endpoint, Azure ML data-plane hosts and loopback, nothing else', () => {
		const cloud = customCloud({ armEndpoint: 'https://management.contoso.example' });
		assert.ok(mayCarryToken(cloud, new URL('https://management.contoso.example/subscriptions')));
		assert.ok(mayCarryToken(cloud, new URL('http://127.0.0.1:5000/history/v1.0/x')));
		assert.ok(mayCarryToken(cloud, new URL('http://localhost:5000/mlflow/v1.0/x')));
		assert.ok(mayCarryToken(cloud, new URL('https://eastus2.api.azureml.ms/history/v1.0/x')));
		assert.ok(!mayCarryToken(cloud, new URL('https://ml.contoso.example/history/v1.0/x')));
		assert.ok(!mayCarryToken(cloud, new URL('https://10.0.0.5/history/v1.0/x')));
	});

	it('refuse a run-history or MLflow call to another host, naming it, before any token is fetched', async () => {
		const credential = new CountingCredential();
		const connection = new AzureConnection({ cloud: azurePublicCloud, credential });
		await assert.rejects(getRunDetails(connection.http, 'https://collector.evil.example', ref, 'run-1'), refusedNaming('collector.evil.example'));
		await assert.rejects(getMlflowRun(connection.http, 'https://eastus2.api.azureml.ms.evil.example/mlflow/v1.0/x', 'run-1'), refusedNaming('eastus2.api.azureml.ms.evil.example'));
		assert.equal(credential.asked, 0);
	});
});
