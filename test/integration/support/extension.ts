import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';

export const extensionId = 'azureml-explorer.azureml-explorer';

/** Activates the extension under test and returns what activate() returned. */
export async function activateExtension(): Promise<ExtensionApi> {
	const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
	assert.ok(extension, `${extensionId} is not installed in this VS Code`);
	return extension.activate();
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what` after the timeout. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value !== undefined && value !== false) {
				return value;
			}
		} catch (error) {
			last = error;
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	const reason = last instanceof Error ? `: ${last.message}` : '';
	throw new Error(`Timed out waiting for ${what}${reason}`);
}

export function workspaceFolder(): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the integration tests need a workspace folder');
	return folder.uri;
}

/** A tree item's label as text, whether VS Code was given a string or a TreeItemLabel. */
export function labelOf(node: { getTreeItem(): vscode.TreeItem }): string {
	const label = node.getTreeItem().label;
	return typeof label === 'string' ? label : (label?.label ?? '');
}
