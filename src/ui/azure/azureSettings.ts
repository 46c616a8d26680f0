import * as vscode from 'vscode';

export type CloudSetting = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'Custom';
export type AuthenticationSetting = 'vscode' | 'azureCli' | 'environment';

/** The settings and variables that decide which cloud and which identity the session uses. */
export interface AzureSettings {
	readonly cloud: CloudSetting;
	/** For `Custom`: the ARM endpoint and, for path-style storage, the blob endpoint template. */
	readonly armEndpoint?: string;
	readonly blobEndpointTemplate?: string;
	/** For `Custom`: the Microsoft Entra (or ADFS) authority and the ARM token scope, when not the defaults. */
	readonly authorityHost?: string;
	readonly tokenScope?: string;
	readonly authentication: AuthenticationSetting;
	/** Tenant id or domain to sign in to; empty for the account's home tenant. */
	readonly tenant?: string;
	/** A fixed bearer token (emulator and tests only; never a setting). */
	readonly staticToken?: string;
}

const clouds: readonly CloudSetting[] = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'Custom'];
const authentications: readonly AuthenticationSetting[] = ['vscode', 'azureCli', 'environment'];

/** Settings that, when changed, make the current sign-in stale. */
export const sessionSettingKeys = ['azuremlExplorer.cloud', 'azuremlExplorer.customCloud', 'azuremlExplorer.authentication', 'azuremlExplorer.tenant'];

/**
 * Reads the settings; AZUREML_EXPLORER_ARM_ENDPOINT / _BLOB_ENDPOINT_TEMPLATE select a custom cloud
 * without settings and AZUREML_EXPLORER_STATIC_TOKEN gives a static token (the emulator's).
 */
export function readAzureSettings(env: NodeJS.ProcessEnv = process.env): AzureSettings {
	const config = vscode.workspace.getConfiguration('azuremlExplorer');
	const envArm = env.AZUREML_EXPLORER_ARM_ENDPOINT?.trim();
	const cloud = config.get<string>('cloud', 'AzureCloud');
	const authentication = config.get<string>('authentication', 'vscode');
	return {
		cloud: envArm ? 'Custom' : clouds.includes(cloud as CloudSetting) ? (cloud as CloudSetting) : 'AzureCloud',
		armEndpoint: envArm || config.get<string>('customCloud.armEndpoint', '').trim() || undefined,
		blobEndpointTemplate: (envArm ? env.AZUREML_EXPLORER_BLOB_ENDPOINT_TEMPLATE?.trim() : config.get<string>('customCloud.blobEndpointTemplate', '').trim()) || undefined,
		authorityHost: config.get<string>('customCloud.authorityHost', '').trim() || undefined,
		tokenScope: config.get<string>('customCloud.tokenScope', '').trim() || undefined,
		authentication: authentications.includes(authentication as AuthenticationSetting) ? (authentication as AuthenticationSetting) : 'vscode',
		tenant: config.get<string>('tenant', '').trim() || undefined,
		staticToken: env.AZUREML_EXPLORER_STATIC_TOKEN || undefined,
	};
}
