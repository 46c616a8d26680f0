import * as path from 'node:path';
import * as vscode from 'vscode';
import { nextFreeVersion, versionProblem } from '../../core/data/dataVersions';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import { nameProblem } from '../../core/jobs/names';
import { megabytes } from '../../core/snapshot/preflight';
import { pickWorkspace } from '../azure/pickWorkspace';
import { azureModule, type AzureModule } from '../azure/azureModule';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import { UserCancelledError } from '../errors';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/**
 * "Upload Folder as Data Asset…" on a folder in the explorer, or on a workspace's Data folder: the
 * folder goes to the default datastore with Submit's upload (an unchanged folder sends nothing)
 * and is registered as a `uri_folder` data asset version, which Submit then offers as an input.
 */
export async function uploadFolderAsDataAsset(services: Services, arg?: unknown): Promise<void> {
	const fromTree = arg instanceof vscode.Uri ? undefined : (arg as TreeNode | undefined);
	const folder = arg instanceof vscode.Uri ? arg.fsPath : await pickFolder();
	const workspace = fromTree ? workspaceOfNode(fromTree) : await pickWorkspace(services, 'Register the data asset in…', 'the data asset is registered in an Azure ML workspace');
	if (!workspace) {
		throw new Error('Use "Upload Folder as Data Asset…" on a folder in the explorer or on the Data folder of a workspace.');
	}
	const azure = await azureModule();
	const title = `Upload ${path.basename(folder)} as a data asset of ${workspace.ref.workspace}`;
	const suggested = path.basename(folder).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'data';
	const name = await services.prompt.inputBox({ title, prompt: 'Data asset name', value: suggested, validateInput: (v) => nameProblem('asset', v) });
	const version = await services.prompt.inputBox({
		title,
		prompt: 'Version (the next free one by default)',
		value: nextFreeVersion(await existingVersions(azure, workspace, name)),
		validateInput: versionProblem,
	});
	const description = await services.prompt.inputBox({ title, prompt: 'Description (optional)', value: '' });

	const result = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Uploading ${path.basename(folder)} as ${name}:${version}`, cancellable: true },
		async (progress, token) => {
			const controller = new AbortController();
			const subscription = token.onCancellationRequested(() => controller.abort());
			let reported = 0;
			try {
				return await azure.uploadDataFolder(
					workspace,
					{ folder, name, version, description: description.trim() || undefined },
					{
						signal: controller.signal,
						onProgress: (p) => {
							const percent = p.bytesTotal ? Math.floor((100 * (p.bytesDone ?? 0)) / p.bytesTotal) : reported;
							progress.report({ message: p.message, increment: Math.max(0, percent - reported) });
							reported = Math.max(reported, percent);
						},
					},
				);
			} catch (error) {
				if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') {
					throw new UserCancelledError('upload');
				}
				throw error;
			} finally {
				subscription.dispose();
			}
		},
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

async function pickFolder(): Promise<string> {
	const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Upload as Data Asset' });
	if (!picked?.[0]) {
		throw new UserCancelledError('folder');
	}
	return picked[0].fsPath;
}

/** The versions a data asset already has (none when there is no such asset yet), to offer the next free one. */
export async function existingVersions(azure: AzureModule, workspace: AzureWorkspace, name: string): Promise<string[]> {
	try {
		return (await azure.listDataVersions(workspace, name)).items.map((v) => v.name ?? '');
	} catch (error) {
		if ((error as { kind?: string }).kind === 'azure.notFound') {
			return [];
		}
		throw error;
	}
}
