import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultWorkspaceConfigName, parseWorkspaceConfig, sameWorkspace, workspaceConfigCandidates, workspaceConfigText } from '../../core/azure/workspaceConfig';
import { readTextIfPresent } from '../azure/defaultWorkspace';
import type { Services } from '../services';
import { isWorkspaceNode } from '../submit/pickTarget';

/**
 * "Write Workspace Config" on a workspace node: writes the config file `Workspace.write_config()`
 * writes, so the SDK scripts of the folder (`MLClient.from_config()`), Submit and the tree all use
 * this workspace. An existing config file of the folder is rewritten in place, after asking if it
 * names another workspace.
 */
export async function writeWorkspaceConfig(services: Services, node?: unknown): Promise<void> {
	if (!isWorkspaceNode(node)) {
		throw new Error('Use "Write Workspace Config" on a workspace in the Azure ML view.');
	}
	const ref = node.workspace.ref;
	const folder = await pickFolder(services, ref.workspace);
	const candidates = workspaceConfigCandidates(folder.uri.fsPath, path);
	let target = path.join(folder.uri.fsPath, ...defaultWorkspaceConfigName);
	for (const file of candidates) {
		const existing = await readTextIfPresent(vscode.Uri.file(file));
		if (existing === undefined) {
			continue;
		}
		target = file;
		if (!namesWorkspace(existing, file, ref)) {
			const replace = await services.prompt.confirm(
				`${path.relative(folder.uri.fsPath, file)} in "${folder.name}" already exists. Replace it so it names workspace "${ref.workspace}"?`,
				'Replace',
			);
			if (!replace) {
				return;
			}
		}
		break;
	}
	await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(target)));
	await vscode.workspace.fs.writeFile(vscode.Uri.file(target), new TextEncoder().encode(workspaceConfigText(ref)));
	// The subscription's nodes re-read the config so this workspace is listed first and marked default.
	services.tree.refresh(node.getParent?.() ?? undefined);
	void vscode.window.showInformationMessage(`Wrote ${path.relative(folder.uri.fsPath, target)}: "${ref.workspace}" is now the default workspace of "${folder.name}".`);
}

async function pickFolder(services: Services, workspace: string): Promise<vscode.WorkspaceFolder> {
	const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
	if (folders.length === 0) {
		throw new Error('Open a folder first: the workspace config file is written into it.');
	}
	if (folders.length === 1) {
		return folders[0];
	}
	const picked = await services.prompt.quickPick(
		folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })),
		{ title: `Write the config of "${workspace}" into…` },
	);
	return picked.folder;
}

function namesWorkspace(text: string, file: string, ref: Parameters<typeof sameWorkspace>[0]): boolean {
	try {
		return sameWorkspace(parseWorkspaceConfig(text, file), ref);
	} catch {
		return false;
	}
}
