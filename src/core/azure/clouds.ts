import { AzureConfigError } from './errors';

/**
 * Where one Azure cloud lives. The ARM endpoint, the token scope, the sign-in authority and the
 * portal/studio hosts all follow the cloud, so nothing else hard-codes `management.azure.com`.
 */
export interface AzureCloud {
	readonly name: 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'Custom';
	/** ARM endpoint without a trailing slash. */
	readonly armEndpoint: string;
	/** Scope of the tokens for ARM; Azure ML's data plane (run history, MLflow) takes the same token. */
	readonly armScope: string;
	/** Microsoft Entra authority that issues tokens for this cloud. */
	readonly authorityHost: string;
	readonly portalUrl: string;
	readonly studioUrl: string;
	/** Host suffix of storage accounts, used when a datastore does not name its own. */
	readonly storageSuffix: string;
	/**
	 * Blob endpoint of an account, `{account}` standing for its name. Unset for real clouds
	 * (`https://<account>.blob.<suffix>`); set for path-style endpoints such as Azurite's
	 * `http://127.0.0.1:10000/{account}`.
	 */
	readonly blobEndpointTemplate?: string;
	/**
	 * Host suffixes of Azure ML's data plane (run history, MLflow) in this cloud, e.g. `api.azureml.ms`
	 * for `eastus2.api.azureml.ms`: with the ARM endpoint, the only hosts the ARM token is sent to.
	 */
	readonly dataPlaneHostSuffixes: readonly string[];
	/** Whether the token may also go to loopback hosts (a custom cloud's local emulator). */
	readonly allowsLoopback: boolean;
}

function knownCloud(
	name: AzureCloud['name'],
	armEndpoint: string,
	authorityHost: string,
	portalUrl: string,
	studioUrl: string,
	storageSuffix: string,
	dataPlaneHostSuffix: string,
): AzureCloud {
	return {
		name,
		armEndpoint,
		armScope: `${armEndpoint}/.default`,
		authorityHost,
		portalUrl,
		studioUrl,
		storageSuffix,
		dataPlaneHostSuffixes: [dataPlaneHostSuffix],
		allowsLoopback: false,
	};
}

export const azurePublicCloud = knownCloud(
	'AzureCloud',
	'https://management.azure.com',
	'https://login.microsoftonline.com',
	'https://portal.azure.com',
	'https://ml.azure.com',
	'core.windows.net',
	'api.azureml.ms',
);

export const azureChinaCloud = knownCloud(
	'AzureChinaCloud',
	'https://management.chinacloudapi.cn',
	'https://login.chinacloudapi.cn',
	'https://portal.azure.cn',
	'https://studio.ml.azure.cn',
	'core.chinacloudapi.cn',
	'api.ml.azure.cn',
);

export const azureUsGovernmentCloud = knownCloud(
	'AzureUSGovernment',
	'https://management.usgovcloudapi.net',
	'https://login.microsoftonline.us',
	'https://portal.azure.us',
	'https://ml.azure.us',
	'core.usgovcloudapi.net',
	'api.ml.azure.us',
);

export const knownClouds: readonly AzureCloud[] = [azurePublicCloud, azureChinaCloud, azureUsGovernmentCloud];

export interface CustomCloudOptions {
	readonly armEndpoint: string;
	/** Defaults to `<armEndpoint>/.default`. */
	readonly armScope?: string;
	readonly authorityHost?: string;
	readonly portalUrl?: string;
	readonly studioUrl?: string;
	readonly storageSuffix?: string;
	readonly blobEndpointTemplate?: string;
}

/** A private deployment or the test emulator; every URL is checked before it is used. */
export function customCloud(options: CustomCloudOptions): AzureCloud {
	const armEndpoint = checkedUrl('ARM endpoint', options.armEndpoint).replace(/\/+$/, '');
	const blobEndpointTemplate = options.blobEndpointTemplate?.trim() || undefined;
	if (blobEndpointTemplate !== undefined) {
		if (!blobEndpointTemplate.includes('{account}')) {
			throw new AzureConfigError(`The blob endpoint template "${blobEndpointTemplate}" must contain {account}, e.g. http://127.0.0.1:10000/{account}.`);
		}
		checkedUrl('blob endpoint template', blobEndpointTemplate.replace('{account}', 'account'));
	}
	return {
		name: 'Custom',
		armEndpoint,
		armScope: checkedScope(options.armScope) ?? `${armEndpoint}/.default`,
		authorityHost: checkedUrl('authority host', options.authorityHost ?? azurePublicCloud.authorityHost),
		portalUrl: checkedUrl('portal URL', options.portalUrl ?? azurePublicCloud.portalUrl),
		studioUrl: checkedUrl('studio URL', options.studioUrl ?? azurePublicCloud.studioUrl),
		storageSuffix: options.storageSuffix?.trim() || azurePublicCloud.storageSuffix,
		blobEndpointTemplate,
		// Which cloud's Azure ML a custom ARM endpoint fronts is not known: any of Azure ML's own
		// data-plane domains, or an emulator on this machine.
		dataPlaneHostSuffixes: knownClouds.flatMap((cloud) => cloud.dataPlaneHostSuffixes),
		allowsLoopback: true,
	};
}

/** A token scope is a resource (URL or app id) followed by `/.default`, as Microsoft Entra's v2 endpoint asks. */
function checkedScope(scope: string | undefined): string | undefined {
	const trimmed = scope?.trim();
	if (!trimmed) {
		return undefined;
	}
	if (!/^\S+\/\.default$/.test(trimmed)) {
		throw new AzureConfigError(`The token scope "${trimmed}" must be a resource followed by /.default, e.g. https://management.example.com/.default.`);
	}
	return trimmed;
}

/** Loopback hosts are the only ones tokens and SAS URLs may travel to over plain http. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A trimmed URL without trailing slashes: https, or http to a loopback host; otherwise a message with the rule. */
export function checkedUrl(what: string, value: string): string {
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		throw new AzureConfigError(`The ${what} "${value}" is not a URL. Use a full URL such as https://management.example.com.`);
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new AzureConfigError(`The ${what} "${value}" must use https (plain http is allowed only for a local emulator on 127.0.0.1 or localhost).`);
	}
	return value.trim().replace(/\/+$/, '');
}

/** The blob endpoint of a storage account, e.g. `https://acct.blob.core.windows.net`. */
export function blobAccountUrl(cloud: AzureCloud, accountName: string, endpointSuffix?: string, protocol = 'https'): string {
	if (cloud.blobEndpointTemplate) {
		return cloud.blobEndpointTemplate.replace('{account}', accountName);
	}
	return `${protocol}://${accountName}.blob.${endpointSuffix || cloud.storageSuffix}`;
}

/** The studio page of a job, for services that do not return `services.Studio.endpoint`. */
export function studioRunUrl(cloud: AzureCloud, workspaceId: string, runId: string): string {
	return `${cloud.studioUrl}/runs/${encodeURIComponent(runId)}?wsid=${workspaceId}`;
}

export function portalResourceUrl(cloud: AzureCloud, resourceId: string): string {
	return `${cloud.portalUrl}/#@/resource${resourceId}`;
}
