import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseWorkspaceConfig, workspaceConfigCandidates } from '../../core/azure/workspaceConfig';
import type { WorkspaceRef } from '../../core/azure/workspaceRef';
import { extensionLog } from '../extensionLog';

export interface DefaultWorkspace {
	readonly ref: WorkspaceRef;
	/** The config file that names it. */
	readonly file: string;
}

/** Problems already shown, so a bad file is reported once per session and content, not on every refresh. */
const reported = new Set<string>();

/**
 * The workspace the first config file of the open folders names (`.azureml/config.json`, then
 * `config.json`, per folder in order), as the SDK scripts in those folders find it. A file that
 * cannot be used is reported with its name and skipped.
 */
export async function defaultWorkspace(): Promise<DefaultWorkspace | undefined> {
	for (const folder of vscode.workspace.workspaceFolders ?? []) {
		if (folder.uri.scheme !== 'file') {
			continue;
		}
		for (const file of workspaceConfigCandidates(folder.uri.fsPath, path)) {
			const text = await readTextIfPresent(vscode.Uri.file(file));
			if (text === undefined) {
				continue;
			}
			try {
				return { ref: parseWorkspaceConfig(text, file), file };
			} catch (error) {
				report((error as Error).message);
			}
		}
	}
	return undefined;
}

/** A file's text, or undefined when it cannot be read (most often: it does not exist). */
export async function readTextIfPresent(uri: vscode.Uri): Promise<string | undefined> {
	try {
		return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
	} catch {
		return undefined;
	}
}

function report(message: string): void {
	extensionLog.warn(`Workspace config ignored: ${message}`);
	if (!reported.has(message)) {
		reported.add(message);
		void vscode.window.showWarningMessage(`Azure ML workspace config ignored. ${message}`);
	}
}
