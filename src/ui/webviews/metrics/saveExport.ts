import * as vscode from 'vscode';

/** Asks where to save an export (CSV data, a chart PNG) and writes it there; nothing when the user cancels. */
export async function saveExport(bytes: Uint8Array, suggestedName: string, filter: { name: string; extension: string }): Promise<void> {
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	const uri = await vscode.window.showSaveDialog({
		defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined,
		filters: { [filter.name]: [filter.extension] },
		title: `Save ${suggestedName}`,
	});
	if (!uri) {
		return;
	}
	await vscode.workspace.fs.writeFile(uri, bytes);
	const choice = await vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(uri)}`, 'Open');
	if (choice) {
		await vscode.commands.executeCommand('vscode.open', uri);
	}
}

/** A file name from a metric key or run label: keys like `val/loss` hold characters file names cannot. */
export function fileNameFor(name: string, extension: string): string {
	const safe = name.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
	return `${safe || 'metrics'}.${extension}`;
}
