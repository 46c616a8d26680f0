import { AzureCliCredential, EnvironmentCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureCloud } from './clouds';

// Every credential is a TokenCredential, the one seam the clients take: VS Code's Microsoft
// sign-in plugs in the same way.

/** The account `az login` signed in (the CLI's own cloud setting must match `cloud`). */
export function createAzureCliCredential(tenantId?: string): TokenCredential {
	return new AzureCliCredential({ tenantId, processTimeoutInMs: 30_000 });
}

/** A service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a certificate). */
export function createEnvironmentCredential(cloud: AzureCloud): TokenCredential {
	return new EnvironmentCredential({ authorityHost: cloud.authorityHost });
}
