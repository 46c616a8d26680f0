import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LocalEndpoint } from '../local/LocalEndpoints';
import type { Services } from '../services';
import { LocalEndpointNode } from '../tree/local/LocalEndpointNodes';
import { showResponse } from './responseDocuments';

export interface EndpointResponse {
	readonly status: number;
	readonly milliseconds: number;
	readonly body: string;
}

/**
 * POSTs a request to a Local endpoint: the active JSON editor's text, else the sample-request.json
 * beside the scoring script; the response opens read-only beside the editor.
 */
export async function testLocalEndpoint(services: Services, node?: unknown): Promise<EndpointResponse> {
	const endpoint = node instanceof LocalEndpointNode ? node.endpoint : await pickEndpoint(services);
	const editor = vscode.window.activeTextEditor;
	let body: string;
	if (editor?.document.languageId === 'json' && editor.document.uri.scheme !== 'azureml-response') {
		body = editor.document.getText();
	} else {
		const sample = path.join(path.dirname(endpoint.scoringScript), 'sample-request.json');
		try {
			body = await fs.readFile(sample, 'utf8');
		} catch {
			throw new Error(`Open a JSON file with the request body, or put a sample-request.json beside ${path.basename(endpoint.scoringScript)}.`);
		}
	}
	const started = performance.now();
	const response = await fetch(endpoint.server.scoringUri, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
	const text = await response.text();
	const result = { status: response.status, milliseconds: performance.now() - started, body: text };
	await showResponse(`${endpoint.name}`, result);
	return result;
}

async function pickEndpoint(services: Services): Promise<LocalEndpoint> {
	const endpoints = services.localEndpoints.list();
	if (endpoints.length === 0) {
		throw new Error('No Local endpoint is running: deploy a model with "Azure ML: Deploy Model to Local…".');
	}
	if (endpoints.length === 1) {
		return endpoints[0];
	}
	return (await services.prompt.quickPick(endpoints.map((e) => ({ label: e.name, description: e.server.scoringUri, endpoint: e })), { title: 'Test Endpoint: which' })).endpoint;
}
