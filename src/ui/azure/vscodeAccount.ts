import * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { CloudSetting } from './azureSettings';

/** How long to wait for VS Code's Microsoft authentication provider before saying what to do. */
export const providerTimeoutMs = 10_000;

/** The VS Code authentication provider that signs in to a cloud, and the environment it needs. */
export function authProviderFor(cloud: CloudSetting): { id: string; sovereignEnvironment?: string } {
	switch (cloud) {
		case 'AzureChinaCloud':
			return { id: 'microsoft-sovereign-cloud', sovereignEnvironment: 'ChinaCloud' };
		case 'AzureUSGovernment':
			return { id: 'microsoft-sovereign-cloud', sovereignEnvironment: 'USGovernment' };
		default:
			return { id: 'microsoft' };
	}
}

const tenantPattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9.-]*\.[a-z]{2,})$/i;

/** Checks the tenant setting before anything is sent. */
export function checkTenant(tenant: string | undefined): void {
	if (tenant !== undefined && !tenantPattern.test(tenant)) {
		throw new Error(`The tenant "${tenant}" (setting azuremlExplorer.tenant) is neither a tenant id (a GUID) nor a domain such as contoso.onmicrosoft.com.`);
	}
}

/** VS Code's scopes for a token: the resource's `.default` scope, and the tenant when one was chosen. */
export function sessionScopes(scope: string, tenant: string | undefined): string[] {
	return tenant ? [scope, `VSCODE_TENANT:${tenant}`] : [scope];
}

/** Races a call into the auth provider against the timeout: an unregistered provider never answers. */
export async function withProviderTimeout<T>(providerId: string, call: Thenable<T>, timeoutMs = providerTimeoutMs): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					new Error(
						`VS Code's Microsoft sign-in (${providerId}) did not answer within ${timeoutMs / 1000} s. Check that the built-in "Microsoft Account" extension is enabled and try again, ` +
							'or sign in with the Azure CLI (setting azuremlExplorer.authentication: azureCli).',
					),
				),
			timeoutMs,
		);
	});
	try {
		return await Promise.race([Promise.resolve(call), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** The claims of a JWT access token (never logged: only `exp` and the account name are read). */
export function jwtClaims(token: string): Record<string, unknown> {
	try {
		const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
		return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** When a JWT expires (its `exp` claim), so the pipeline asks again in time; undefined when unreadable. */
export function jwtExpiry(token: string): number | undefined {
	const exp = jwtClaims(token).exp;
	return typeof exp === 'number' ? exp * 1000 : undefined;
}

/**
 * The account signed in to VS Code (Accounts menu) as a TokenCredential. VS Code keeps and renews
 * the tokens; each getToken asks it silently, so nothing is stored by this extension.
 */
export class VscodeAccountCredential implements TokenCredential {
	constructor(
		private readonly providerId: string,
		private readonly tenant: string | undefined,
	) {}

	async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
		const scope = Array.isArray(scopes) ? scopes[0] : scopes;
		const wanted = sessionScopes(scope, options?.tenantId ?? this.tenant);
		const session = await withProviderTimeout(this.providerId, vscode.authentication.getSession(this.providerId, wanted, { silent: true }));
		if (!session) {
			throw Object.assign(new Error('You are signed out of your Microsoft account in VS Code. Run "Azure ML: Sign In".'), { name: 'AuthenticationRequiredError' });
		}
		// Tokens VS Code hands out live about an hour; without a readable expiry, ask again in five minutes.
		return { token: session.accessToken, expiresOnTimestamp: jwtExpiry(session.accessToken) ?? Date.now() + 5 * 60_000 };
	}
}
