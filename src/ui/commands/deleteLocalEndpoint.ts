import type { Services } from '../services';

/** Stops a Local endpoint's server and forgets it. */
export async function deleteLocalEndpoint(services: Services): Promise<void> {
	const endpoints = services.localEndpoints.list();
	if (endpoints.length === 0) {
		throw new Error('No Local endpoint is running.');
	}
	const picked = await services.prompt.quickPick(endpoints.map((e) => ({ label: e.name, description: e.server.scoringUri })), { title: 'Delete Local Endpoint' });
	await services.localEndpoints.delete(picked.label);
}
