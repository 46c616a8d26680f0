import type { Services } from '../services';
import { LocalEndpointNode } from '../tree/local/LocalEndpointNodes';

/** Stops a Local endpoint's server and forgets it: the one right-clicked (after a confirmation naming it), else the one picked. */
export async function deleteLocalEndpoint(services: Services, node?: unknown): Promise<void> {
	if (node instanceof LocalEndpointNode) {
		const { name } = node.endpoint;
		if (!(await services.prompt.confirm(`Delete Local endpoint "${name}"? Its server stops.`, 'Delete'))) {
			return;
		}
		await services.localEndpoints.delete(name);
		return;
	}
	const endpoints = services.localEndpoints.list();
	if (endpoints.length === 0) {
		throw new Error('No Local endpoint is running.');
	}
	const picked = await services.prompt.quickPick(endpoints.map((e) => ({ label: e.name, description: e.server.scoringUri })), { title: 'Delete Local Endpoint' });
	await services.localEndpoints.delete(picked.label);
}
