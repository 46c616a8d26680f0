import type { EmulatorContext } from '../context';
import { issuedEndpointTokens } from '../arm/endpoints';
import { json, parseJsonBody, type EmuRequest, type EmuResponse, type Router } from '../http';
import type { EndpointState } from '../state';

function findEndpoint(context: EmulatorContext, name: string): EndpointState | undefined {
	for (const workspace of context.state.workspaces.values()) {
		const endpoint = workspace.endpoints.get(name);
		if (endpoint) {
			return endpoint;
		}
	}
	return undefined;
}

function authorized(context: EmulatorContext, endpoint: EndpointState, request: EmuRequest): boolean {
	const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
	switch (endpoint.resource.properties.authMode) {
		case 'Key':
			return token === endpoint.keys.primaryKey || token === endpoint.keys.secondaryKey;
		case 'AMLToken':
			return token !== undefined && issuedEndpointTokens.get(token) === endpoint.resource.name;
		default:
			return token === context.settings.acceptedToken;
	}
}

/** The deployment named by `azureml-model-deployment`, else the one with the most traffic. */
function pickDeployment(endpoint: EndpointState, request: EmuRequest): string | undefined {
	const asked = request.headers['azureml-model-deployment'];
	if (typeof asked === 'string') {
		return endpoint.deployments.has(asked) ? asked : undefined;
	}
	const traffic = Object.entries((endpoint.resource.properties.traffic ?? {}) as Record<string, number>).filter(([, share]) => share > 0);
	traffic.sort((a, b) => b[1] - a[1]);
	return traffic[0]?.[0];
}

function rowsOf(body: Record<string, unknown> | undefined): number[][] | undefined {
	const input = body?.input_data ?? body?.data;
	const rows = Array.isArray(input) ? input : (input as { data?: unknown } | undefined)?.data;
	return Array.isArray(rows) && rows.every((row) => Array.isArray(row) && row.every((v) => typeof v === 'number')) ? rows : undefined;
}

/**
 * The scoring URI of an online endpoint. The tiny scorer stands in for a deployment's `run()`:
 * it answers one number per input row (the row's sum).
 */
export function registerScoringRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', '/score/([^/]+)/swagger\\.json', (_request, [name]) =>
		findEndpoint(context, name)
			? json(200, { swagger: '2.0', info: { title: name, version: '1.0' }, paths: { '/score': { post: { consumes: ['application/json'], produces: ['application/json'] } } } })
			: json(404, { message: `Endpoint ${name} not found.` }),
	);
	router.add('POST', '/score/([^/]+)', (request, [name]): EmuResponse => {
		const endpoint = findEndpoint(context, name);
		if (!endpoint || endpoint.resource.properties.provisioningState !== 'Succeeded') {
			return json(404, { message: `Endpoint ${name} not found or not ready.` });
		}
		if (!authorized(context, endpoint, request)) {
			return json(401, { message: 'Unauthorized: the key or token is missing or invalid.' });
		}
		const deployment = pickDeployment(endpoint, request);
		if (!deployment) {
			return json(424, {
				message: 'No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.',
			});
		}
		const rows = rowsOf(parseJsonBody(request));
		if (!rows) {
			return json(400, { message: 'Expected JSON like {"data": [[1, 2], [3, 4]]} (or "input_data"): a list of rows of numbers.' });
		}
		return json(
			200,
			rows.map((row) => row.reduce((sum, v) => sum + v, 0)),
			{ 'azureml-model-deployment': deployment },
		);
	});
}
