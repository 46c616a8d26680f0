import { AzureCliCredential, EnvironmentCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { checkedUrl, type AzureCloud } from './clouds';

// Every credential is a TokenCredential, the one seam the clients take: VS Code's Microsoft
// sign-in plugs in the same way.

/** The account `az login` signed in (the CLI's own cloud setting must match `cloud`). */
export function createAzureCliCredential(tenantId?: string): TokenCredential {
	return new AzureCliCredential({ tenantId, processTimeoutInMs: 30_000 });
}

/**
 * Microsoft Entra's own hosts, which instance discovery (a call to login.microsoftonline.com that
 * validates the authority) knows. A private authority (ADFS, Azure Stack Hub, a national cloud's
 * own sign-in host) is unknown to it and fails there, so discovery is turned off for anything else.
 */
const microsoftAuthorityHosts = new Set([
	'login.microsoftonline.com',
	'login.microsoft.com',
	'login.windows.net',
	'sts.windows.net',
	'login.chinacloudapi.cn',
	'login.partner.microsoftonline.cn',
	'login.microsoftonline.us',
	'login.usgovcloudapi.net',
	'login-us.microsoftonline.com',
]);

export interface SignInAuthority {
	readonly authorityHost: string;
	readonly disableInstanceDiscovery: boolean;
}

/** Whether an authority is one of Microsoft's public Entra hosts (instance discovery stays on). */
export function isMicrosoftAuthority(authorityHost: string): boolean {
	return microsoftAuthorityHosts.has(new URL(authorityHost).hostname.toLowerCase());
}

/**
 * Where a service principal signs in: `AZURE_AUTHORITY_HOST` when set, as every Azure SDK and the
 * CLI read it beside the other `AZURE_*` variables, else the cloud's authority (for a custom cloud,
 * `azuremlExplorer.customCloud.authorityHost`).
 */
export function environmentAuthority(cloud: AzureCloud, env: NodeJS.ProcessEnv = process.env): SignInAuthority {
	const fromEnv = env.AZURE_AUTHORITY_HOST?.trim();
	const authorityHost = fromEnv ? checkedUrl('AZURE_AUTHORITY_HOST', fromEnv) : cloud.authorityHost;
	return { authorityHost, disableInstanceDiscovery: !isMicrosoftAuthority(authorityHost) };
}

/** A service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a certificate). */
export function createEnvironmentCredential(cloud: AzureCloud): TokenCredential {
	return new EnvironmentCredential(environmentAuthority(cloud));
}
