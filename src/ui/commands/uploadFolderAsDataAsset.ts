import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import { megabytes } from '../../core/snapshot/preflight';
import { azureModule } from '../azure/azureModule';
import { askDataAsset } from '../data/askDataAsset';
import { recordLocalDataAsset } from '../local/recordLocalDataAsset';
import { workspacesInTree } from '../submit/pickTarget';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import { LocalDataFolderNode } from '../tree/local/LocalDataFolderNode';
import { UserCancelledError } from '../errors';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import type { TreeNode } from '../tree/TreeNode';

/**
 * "Upload Folder as Data Asset…" on a folder in the explorer, or on a workspace's Data folder: the
 * folder goes to the default datastore with Submit's upload (an unchanged folder sends nothing)
 * and is registered as a `uri_folder` data asset version, which Submit then offers as an input.
 * On Local (its node or its Data folder, or chosen for an explorer folder) the folder is recorded
 * as a local data asset instead, which Local runs read where it is.
 */
export async function uploadFolderAsDataAsset(services: Services, arg?: unknown): Promise<void> {
	const fromTree = arg instanceof vscode.Uri ? undefined : (arg as TreeNode | undefined);
	const folder = arg instanceof vscode.Uri ? arg.fsPath : await pickFolder();
	const workspace = fromTree ? (isLocalNode(services, fromTree) ? 'local' : workspaceOfNode(fromTree)) : await pickTarget(services, path.basename(folder));
	if (workspace === 'local') {
		await recordLocalDataAsset(services, folder);
		return;
	}
	if (!workspace) {
		throw new Error('Use "Upload Folder as Data Asset…" on a folder in the explorer or on the Data folder of a workspace.');
	}
	const azure = await azureModule();
	const title = `Upload ${path.basename(folder)} as a data asset of ${workspace.ref.workspace}`;
	const suggested = path.basename(folder).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'data';
	const { name, version, description } = await askDataAsset(services.prompt, azure, workspace, title, suggested);

	let reported = 0;
	const result = await withCancellableProgress(`Uploading ${path.basename(folder)} as ${name}:${version}`, (signal, progress) =>
		azure.uploadDataFolder(
			workspace,
			{ folder, name, version, description: description.trim() || undefined },
			{
				signal,
				onProgress: (p) => {
					const percent = p.bytesTotal ? Math.floor((100 * (p.bytesDone ?? 0)) / p.bytesTotal) : reported;
					progress.report({ message: p.message, increment: Math.max(0, percent - reported) });
					reported = Math.max(reported, percent);
				},
			},
		),
	);
	const sent = result.uploadedBytes === 0 ? 'the datastore already had this content, nothing uploaded' : `uploaded ${megabytes(result.uploadedBytes)}`;
	extensionLog.info(`Registered data asset ${name}:${version} in ${workspace.label} (${result.dataUri}): ${sent}.`);
	if (fromTree) {
		services.tree.refresh(fromTree);
	} else {
		services.tree.refresh();
	}
	void vscode.window.showInformationMessage(`Data asset "${name}:${version}" is registered in ${workspace.ref.workspace} (${sent}).`);
}

function isLocalNode(services: Services, node: TreeNode): boolean {
	return node === services.localNode || node instanceof LocalDataFolderNode;
}

/** Local or one of the workspaces the tree shows (Local alone when signed out: nothing to ask). */
async function pickTarget(services: Services, folderName: string): Promise<AzureWorkspace | 'local'> {
	const workspaces = await workspacesInTree(services);
	if (workspaces.length === 0) {
		return 'local';
	}
	workspaces.sort((a, b) => Number(b.configFile !== undefined) - Number(a.configFile !== undefined));
	const items: { label: string; description: string; target: AzureWorkspace | 'local' }[] = [
		...workspaces.map((w) => ({ label: w.workspace.ref.workspace, description: `${w.workspace.ref.resourceGroup}${w.configFile ? ' · default' : ''}`, target: w.workspace })),
		{ label: 'Local', description: 'a local data asset: the folder stays where it is', target: 'local' },
	];
	return (await services.prompt.quickPick(items, { title: `Register ${folderName} as a data asset in…` })).target;
}

async function pickFolder(): Promise<string> {
	const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Upload as Data Asset' });
	if (!picked?.[0]) {
		throw new UserCancelledError('folder');
	}
	return picked[0].fsPath;
}
