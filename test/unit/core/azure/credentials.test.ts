import * as assert from 'node:assert/strict';
import { azureChinaCloud, azurePublicCloud, azureUsGovernmentCloud, customCloud } from '../../../../src/core/azure/clouds';
import { environmentAuthority, isMicrosoftAuthority } from '../../../../src/core/azure/credentials';
import { isAzureError } from '../../../../src/core/azure/errors';

describe('sign-in authority', () => {
	it('sign a service principal in at the cloud\'s authority, with instance discovery for Microsoft\'s', () => {
		assert.deepEqual(environmentAuthority(azurePublicCloud, {}), { authorityHost: 'https://login.microsoftonline.com', disableInstanceDiscovery: false });
		assert.deepEqual(environmentAuthority(azureChinaCloud, {}), { authorityHost: 'https://login.chinacloudapi.cn', disableInstanceDiscovery: false });
		assert.deepEqual(environmentAuthority(azureUsGovernmentCloud, {}), { authorityHost: 'https://login.microsoftonline.us', disableInstanceDiscovery: false });
	});

	it('take a custom cloud\'s authority from its settings and turn instance discovery off for it', () => {
		const cloud = customCloud({ armEndpoint: 'https://management.contoso.example', authorityHost: 'https://adfs.contoso.example/adfs/' });
		assert.deepEqual(environmentAuthority(cloud, {}), { authorityHost: 'https://adfs.contoso.example/adfs', disableInstanceDiscovery: true });
		const defaulted = customCloud({ armEndpoint: 'https://management.contoso.example' });
		assert.deepEqual(environmentAuthority(defaulted, {}), { authorityHost: 'https://login.microsoftonline.com', disableInstanceDiscovery: false });
	});

	it('honour AZURE_AUTHORITY_HOST for a service principal, as the Azure SDKs do', () => {
		const env = { AZURE_AUTHORITY_HOST: ' https://login.sovereign.example/ ' };
		assert.deepEqual(environmentAuthority(azurePublicCloud, env), { authorityHost: 'https://login.sovereign.example', disableInstanceDiscovery: true });
		assert.deepEqual(environmentAuthority(azurePublicCloud, { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' }), {
			authorityHost: 'https://login.microsoftonline.us',
			disableInstanceDiscovery: false,
		});
		assert.throws(() => environmentAuthority(azurePublicCloud, { AZURE_AUTHORITY_HOST: 'http://login.sovereign.example' }), (e: unknown) => isAzureError(e, 'azure.config') && /AZURE_AUTHORITY_HOST .* must use https/.test((e as Error).message));
	});

	it('know Microsoft\'s authorities by host, whatever the case or path', () => {
		assert.ok(isMicrosoftAuthority('https://LOGIN.microsoftonline.com/'));
		assert.ok(isMicrosoftAuthority('https://login.partner.microsoftonline.cn'));
		assert.ok(!isMicrosoftAuthority('https://login.microsoftonline.com.evil.example'));
		assert.ok(!isMicrosoftAuthority('https://127.0.0.1:8443'));
	});

	it('take a custom cloud\'s token scope, refusing one without /.default', () => {
		assert.equal(customCloud({ armEndpoint: 'https://management.contoso.example', armScope: ' https://management.core.contoso.example/.default ' }).armScope, 'https://management.core.contoso.example/.default');
		assert.throws(() => customCloud({ armEndpoint: 'https://management.contoso.example', armScope: 'https://management.core.contoso.example' }), (e: unknown) => isAzureError(e, 'azure.config') && /must be a resource followed by \/\.default/.test((e as Error).message));
		assert.throws(() => customCloud({ armEndpoint: 'https://management.contoso.example', authorityHost: 'http://login.contoso.example' }), /authority host .* must use https/);
	});
});
