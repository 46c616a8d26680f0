import * as vscode from 'vscode';

/** Scoring responses, shown read-only: a virtual document per response. */
const scheme = 'azureml-response';
const contents = new Map<string, string>();
let registered: vscode.Disposable | undefined;
let counter = 0;

export async function showResponse(endpoint: string, response: { status: number; milliseconds: number; body: string }): Promise<vscode.TextDocument> {
	let pretty = response.body;
	try {
		pretty = JSON.stringify(JSON.parse(response.body), null, 2);
	} catch {
		// Not JSON: shown as it came.
	}
	// jsonc: the status line above the body is a comment, not an error.
	return showReadOnly(`${endpoint}-response`, 'jsonc', `// ${response.status} · ${Math.round(response.milliseconds)} ms\n${pretty}\n`);
}

/** Opens text read-only beside the editor (a deployment's container logs, a response). */
export async function showReadOnly(name: string, extension: string, text: string): Promise<vscode.TextDocument> {
	registered ??= vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: (uri) => contents.get(uri.path) });
	counter += 1;
	const uri = vscode.Uri.from({ scheme, path: `/${name}-${counter}.${extension}` });
	contents.set(uri.path, text);
	const document = await vscode.workspace.openTextDocument(uri);
	await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
	return document;
}
