import * as vscode from 'vscode';

/** Scoring responses, shown read-only: a virtual document per response. */
const scheme = 'azureml-response';
const contents = new Map<string, string>();
let registered: vscode.Disposable | undefined;
let counter = 0;

export async function showResponse(endpoint: string, response: { status: number; milliseconds: number; body: string }): Promise<vscode.TextDocument> {
	registered ??= vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: (uri) => contents.get(uri.path) });
	let pretty = response.body;
	try {
		pretty = JSON.stringify(JSON.parse(response.body), null, 2);
	} catch {
		// Not JSON: shown as it came.
	}
	counter += 1;
	const uri = vscode.Uri.from({ scheme, path: `/${endpoint}-response-${counter}.json` });
	contents.set(uri.path, `// ${response.status} · ${Math.round(response.milliseconds)} ms\n${pretty}\n`);
	const document = await vscode.workspace.openTextDocument(uri);
	await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
	return document;
}
