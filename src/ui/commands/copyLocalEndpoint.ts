import * as path from 'node:path';
import * as vscode from 'vscode';
import { curlCommand } from '../../core/endpoints/curlCommand';
import type { LocalEndpoint } from '../local/LocalEndpoints';
import type { Services } from '../services';
import { LocalEndpointNode } from '../tree/local/LocalEndpointNodes';

async function pickEndpoint(services: Services, title: string, node: unknown): Promise<LocalEndpoint> {
	if (node instanceof LocalEndpointNode) {
		return node.endpoint;
	}
	const endpoints = services.localEndpoints.list();
	if (endpoints.length === 0) {
		throw new Error('No Local endpoint is running: deploy a model with "Azure ML: Deploy Model to Local…".');
	}
	if (endpoints.length === 1) {
		return endpoints[0];
	}
	return (await services.prompt.quickPick(endpoints.map((e) => ({ label: e.name, description: e.server.scoringUri, endpoint: e })), { title })).endpoint;
}

/** Copies a Local endpoint's scoring URI. */
export async function copyLocalScoringUri(services: Services, node?: unknown): Promise<string> {
	const endpoint = await pickEndpoint(services, 'Copy Scoring URI', node);
	await vscode.env.clipboard.writeText(endpoint.server.scoringUri);
	return endpoint.server.scoringUri;
}

/** Copies a curl command that POSTs the sample request beside the scoring script to a Local endpoint. */
export async function copyLocalCurl(services: Services, node?: unknown): Promise<string> {
	const endpoint = await pickEndpoint(services, 'Copy as curl', node);
	const command = curlCommand({
		scoringUri: endpoint.server.scoringUri,
		bodyFile: path.join(path.dirname(endpoint.scoringScript), 'sample-request.json'),
		withKey: false,
		platform: process.platform,
	});
	await vscode.env.clipboard.writeText(command);
	return command;
}
