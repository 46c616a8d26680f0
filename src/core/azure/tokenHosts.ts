import { isLoopbackHost, type AzureCloud } from './clouds';
import { AzureConfigError } from './errors';

/**
 * Whether a request to `url` may carry the cloud's ARM token: only to the ARM endpoint itself, to
 * Azure ML's data-plane hosts of that cloud over https (`<region>.api.azureml.ms` and the like), or,
 * for a custom cloud, to a loopback emulator. Run history's and MLflow's hosts come from the service
 * (the discovery `api` URL, `mlFlowTrackingUri`), so they are checked rather than trusted.
 */
export function mayCarryToken(cloud: AzureCloud, url: URL): boolean {
	if (url.origin === new URL(cloud.armEndpoint).origin) {
		return true;
	}
	const host = url.hostname.toLowerCase();
	if (cloud.allowsLoopback && isLoopbackHost(host)) {
		return true;
	}
	return url.protocol === 'https:' && cloud.dataPlaneHostSuffixes.some((suffix) => host.endsWith(`.${suffix}`));
}

/** Throws, naming the host, when `url` must not carry the token. */
export function checkTokenHost(cloud: AzureCloud, url: URL): void {
	if (!mayCarryToken(cloud, url)) {
		const allowed = [new URL(cloud.armEndpoint).host, ...cloud.dataPlaneHostSuffixes.map((suffix) => `*.${suffix}`), ...(cloud.allowsLoopback ? ['127.0.0.1/localhost'] : [])];
		throw new AzureConfigError(
			`Refusing to send the Azure sign-in token to ${url.host}: it is not an Azure ML host of this cloud (${allowed.join(', ')}). The workspace's service URLs may be wrong; check its discovery URL and MLflow tracking URI.`,
		);
	}
}
