import { AzureError } from './errors';
import type { AzureHttp } from './AzureHttp';

/** The regional service URLs a workspace's `discoveryUrl` lists; `api` is the run-history and MLflow base. */
export interface DiscoveredServices {
	readonly api: string;
	readonly [service: string]: string;
}

export async function discoverServices(http: AzureHttp, discoveryUrl: string, signal?: AbortSignal): Promise<DiscoveredServices> {
	const services = await http.json<Record<string, unknown> | undefined>(discoveryUrl, 'discover the workspace services', { signal });
	const api = services?.api;
	if (typeof api !== 'string' || !/^https?:\/\//.test(api)) {
		throw new AzureError('azure.serviceError', `The workspace discovery service (${discoveryUrl}) did not name an "api" URL. Try again later.`);
	}
	return { ...(services as Record<string, string>), api: api.replace(/\/+$/, '') };
}
