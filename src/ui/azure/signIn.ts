import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import { azureChinaCloud, azurePublicCloud, azureUsGovernmentCloud, customCloud, type AzureCloud } from '../../core/azure/clouds';
import type { Prompter } from '../prompter';
import type { AzureModule } from './azureModule';
import { azureModule } from './azureModule';
import type { AzureSettings } from './azureSettings';
import { authProviderFor, checkTenant, jwtClaims, sessionScopes, VscodeAccountCredential, withProviderTimeout } from './vscodeAccount';

/** Who signed in and how to get their tokens; the credential itself is built with the Azure bundle. */
export interface Identity {
	readonly account: string;
	credential(azure: AzureModule, cloud: AzureCloud): TokenCredential;
}

/** The cloud the settings name; a bad custom endpoint fails here, before any request. */
export function cloudOf(settings: AzureSettings): AzureCloud {
	switch (settings.cloud) {
		case 'AzureChinaCloud':
			return azureChinaCloud;
		case 'AzureUSGovernment':
			return azureUsGovernmentCloud;
		case 'Custom':
			if (!settings.armEndpoint) {
				throw new Error('Set azuremlExplorer.customCloud.armEndpoint to the ARM endpoint of your cloud, or choose another azuremlExplorer.cloud.');
			}
			return customCloud({
				armEndpoint: settings.armEndpoint,
				blobEndpointTemplate: settings.blobEndpointTemplate,
				authorityHost: settings.authorityHost,
				armScope: settings.tokenScope,
			});
		default:
			return azurePublicCloud;
	}
}

/**
 * Signs in the way the settings say. Interactive sign-in may show VS Code's account dialog; a
 * silent one returns undefined when it would have to ask.
 */
export async function signInWith(settings: AzureSettings, options: { interactive: boolean; prompt: Prompter }): Promise<Identity | undefined> {
	const cloud = cloudOf(settings);
	checkTenant(settings.tenant);
	if (settings.staticToken) {
		return { account: 'static token (emulator)', credential: (azure) => new azure.StaticTokenCredential(settings.staticToken!) };
	}
	switch (settings.authentication) {
		case 'azureCli':
			return verified(settings, cloud, 'Azure CLI', (azure) => azure.createAzureCliCredential(settings.tenant));
		case 'environment':
			checkServicePrincipalVariables();
			return verified(settings, cloud, `service principal ${process.env.AZURE_CLIENT_ID ?? ''}`, (azure, c) => azure.createEnvironmentCredential(c));
		default:
			return vscodeAccount(settings, cloud, options);
	}
}

async function vscodeAccount(settings: AzureSettings, cloud: AzureCloud, options: { interactive: boolean; prompt: Prompter }): Promise<Identity | undefined> {
	const provider = authProviderFor(settings.cloud);
	if (provider.sovereignEnvironment && !(await sovereignEnvironmentReady(provider.sovereignEnvironment, options))) {
		return undefined;
	}
	const scopes = sessionScopes(cloud.armScope, settings.tenant);
	// A silent ask first: it answers at once when the provider is there, and says so when it is not.
	let session = await withProviderTimeout(provider.id, vscode.authentication.getSession(provider.id, scopes, { silent: true }));
	if (!session && options.interactive) {
		session = await vscode.authentication.getSession(provider.id, scopes, { createIfNone: true });
	}
	if (!session) {
		return undefined;
	}
	const credential = new VscodeAccountCredential(provider.id, settings.tenant);
	return { account: session.account.label, credential: () => credential };
}

/** VS Code signs in to China and US Government through one provider whose cloud is a user setting. */
async function sovereignEnvironmentReady(environment: string, options: { interactive: boolean; prompt: Prompter }): Promise<boolean> {
	const config = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
	if (config.get<string>('environment') === environment) {
		return true;
	}
	if (!options.interactive) {
		return false;
	}
	const set = `Set microsoft-sovereign-cloud.environment to ${environment}`;
	if (!(await options.prompt.confirm(`Signing in to ${environment} needs VS Code's setting microsoft-sovereign-cloud.environment set to "${environment}".`, set))) {
		throw new Error(`Set microsoft-sovereign-cloud.environment to "${environment}" in your user settings, then sign in again.`);
	}
	await config.update('environment', environment, vscode.ConfigurationTarget.Global);
	return true;
}

function checkServicePrincipalVariables(): void {
	const missing = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'].filter((name) => !process.env[name]);
	if (!process.env.AZURE_CLIENT_SECRET && !process.env.AZURE_CLIENT_CERTIFICATE_PATH) {
		missing.push('AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)');
	}
	if (missing.length > 0) {
		throw new Error(`Signing in with a service principal needs these environment variables in VS Code's environment: ${missing.join(', ')}.`);
	}
}

/** The CLI and service principal give no dialog: a first token proves the sign-in works, and names the account. */
async function verified(settings: AzureSettings, cloud: AzureCloud, fallbackName: string, make: (azure: AzureModule, cloud: AzureCloud) => TokenCredential): Promise<Identity> {
	const azure = await azureModule();
	const credential = make(azure, cloud);
	let token;
	try {
		token = await credential.getToken(cloud.armScope, { tenantId: settings.tenant });
	} catch (error) {
		const how = settings.authentication === 'azureCli' ? `Run "az login"${cloud.name === 'AzureCloud' ? '' : ` (after "az cloud set --name ${cloud.name}")`} in a terminal` : 'Check the AZURE_* variables';
		throw new Error(`${fallbackName} sign-in failed: ${failureReason(error)}. ${how}, then sign in again.`, { cause: error });
	}
	return { account: (token && accountOf(token.token)) ?? fallbackName, credential: () => credential };
}

/**
 * The first line of a credential's error, and the authority's own reason (`AADSTS7000215: Invalid
 * client secret provided…`), which @azure/identity puts further down under "More details".
 */
function failureReason(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const first = message.split('\n')[0].trim();
	const said = /AADSTS\d+:[^\n]*/.exec(message)?.[0].split(/\s+Trace ID:/)[0].replace(/[\s,]+$/, '');
	return said && !first.includes(said) ? `${first} (${said})` : first;
}

/** The user or app a token was issued to (a claim, not the token), for the view's description. */
function accountOf(token: string): string | undefined {
	const claims = jwtClaims(token);
	const name = claims.upn ?? claims.unique_name ?? claims.preferred_username ?? claims.appid;
	return typeof name === 'string' ? name : undefined;
}
