import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { endpointTargetOf } from './endpointTarget';
import { showResponse } from './responseDocuments';
import type { EndpointResponse } from './testLocalEndpoint';

/**
 * POSTs a JSON body to an online endpoint's scoring URI with its key (or AML token), as a client
 * would; on a deployment node the request goes to that deployment whatever the traffic says. The
 * response (status, time, body) opens read-only beside the editor. The key is used, never shown.
 */
export async function testAzureEndpoint(services: Services, node?: unknown): Promise<EndpointResponse> {
	const { workspace, endpoint, deployment } = endpointTargetOf(node, 'Test Endpoint');
	const body = await askRequestBody(services, endpoint);
	const azure = await azureModule();
	const started = performance.now();
	const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Calling endpoint "${endpoint}"…`, cancellable: true }, (_progress, token) => {
		const controller = new AbortController();
		token.onCancellationRequested(() => controller.abort());
		return azure.invokeEndpoint(workspace, endpoint, body, { deployment, signal: controller.signal, answerAnyStatus: true });
	});
	const result = { status: answer.status, milliseconds: performance.now() - started, body: answer.text };
	await showResponse(deployment ? `${endpoint}-${deployment}` : endpoint, result);
	return result;
}

async function askRequestBody(services: Services, endpoint: string): Promise<string> {
	const editor = vscode.window.activeTextEditor;
	const samples = await vscode.workspace.findFiles('**/sample-request*.json', '{**/node_modules/**,**/.venv/**}', 50);
	type Item = vscode.QuickPickItem & { readonly read: () => Promise<string> };
	const items: Item[] = [
		...(editor?.document.languageId === 'json' && editor.document.uri.scheme !== 'azureml-response'
			? [{ label: 'The active editor', description: vscode.workspace.asRelativePath(editor.document.uri), read: () => Promise.resolve(editor.document.getText()) }]
			: []),
		...samples.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: 'request file', read: () => readFile(uri.fsPath, 'utf8') })),
		{
			label: 'Enter JSON…',
			read: () =>
				services.prompt.inputBox({ title: `Test Endpoint "${endpoint}": request body`, placeHolder: '{"data": [[1, 2, 3]]}', validateInput: (text) => jsonProblem(text) }),
		},
	];
	const picked = await services.prompt.quickPick(items, { title: `Test Endpoint "${endpoint}": request body`, placeHolder: 'JSON to POST to the scoring URI' });
	const text = await picked.read();
	const problem = jsonProblem(text);
	if (problem) {
		throw new Error(`${picked.label}: ${problem}`);
	}
	return text;
}

function jsonProblem(text: string): string | undefined {
	try {
		JSON.parse(text);
		return undefined;
	} catch (error) {
		return `The request body must be JSON (${(error as Error).message}).`;
	}
}
