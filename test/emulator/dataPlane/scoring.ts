import type { EmulatorContext } from '../context';
import { deploymentKey, issuedEndpointTokens } from '../arm/endpoints';
import { json, type EmuRequest, type EmuResponse, type Router } from '../http';
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

/**
 * The scoring URI of an online endpoint: after the key or token check and the traffic split, the
 * request goes to the chosen deployment's inference server (python/serve_local.py running the
 * deployed score.py), so a deployed model answers for real. A non-200 from the server becomes a
 * 424 with the `ms-azureml-model-error-*` headers, as the real endpoint answers.
 */
export function registerScoringRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', '/score/([^/]+)/swagger\\.json', (_request, [name]) =>
		findEndpoint(context, name)
			? json(200, { swagger: '2.0', info: { title: name, version: '1.0' }, paths: { '/score': { post: { consumes: ['application/json'], produces: ['application/json'] } } } })
			: json(404, { message: `Endpoint ${name} not found.` }),
	);
	router.add('POST', '/score/([^/]+)', async (request, [name]): Promise<EmuResponse> => {
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
		const server = context.deployments.baseUri(deploymentKey(endpoint, deployment));
		if (!server) {
			return json(503, { message: `Deployment ${deployment} is not ready to serve.` });
		}
		const answer = await fetch(`${server}/score`, {
			method: 'POST',
			body: request.body,
			headers: { 'Content-Type': String(request.headers['content-type'] ?? 'application/json') },
		});
		const body = Buffer.from(await answer.arrayBuffer());
		const headers = { 'Content-Type': answer.headers.get('content-type') ?? 'application/json', 'azureml-model-deployment': deployment };
		return answer.status === 200
			? { status: 200, headers, body }
			: { status: 424, headers: { ...headers, 'ms-azureml-model-error-statuscode': String(answer.status), 'ms-azureml-model-error-reason': 'model_error' }, body };
	});
}
