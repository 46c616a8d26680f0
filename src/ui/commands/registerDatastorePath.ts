import * as vscode from 'vscode';
import type { Datastore } from '@azure/arm-machinelearning';
import { datastorePathProblem, type DatastorePathKind } from '../../core/data/datastorePaths';
import { azureModule } from '../azure/azureModule';
import { pickWorkspace } from '../azure/pickWorkspace';
import { withCancellableProgress } from '../withCancellableProgress';
import { askDataAsset } from '../data/askDataAsset';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import { azureResourceOf } from '../tree/azure/azureResource';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import { ContextValue } from '../tree/contextValues';
import type { TreeNode } from '../tree/TreeNode';

/**
 * "Register Datastore Path…" on the Data folder, a datastore, or from the palette: a path that is
 * already on a datastore becomes a `uri_folder` or `uri_file` data asset version, with nothing
 * uploaded. The datastore (the default first), the path (checked as typed), the kind, name,
 * version (the next free one) and description are asked before anything is sent.
 */
export async function registerDatastorePath(services: Services, node?: TreeNode): Promise<void> {
	const workspace = node ? workspaceOfNode(node) : await pickWorkspace(services, 'Register the data asset in…', 'the data asset is registered in an Azure ML workspace');
	if (!workspace) {
		throw new Error('Use "Register Datastore Path…" on the Data folder or a datastore of a workspace.');
	}
	const azure = await azureModule();
	const title = `Register a datastore path as a data asset of ${workspace.ref.workspace}`;
	const fromDatastore = isDatastoreNode(node) ? azureResourceOf(node)?.name : undefined;
	const datastore = fromDatastore ?? (await pickDatastore(services, title, (await azure.listDatastores(workspace)).items));
	const path = (
		await services.prompt.inputBox({
			title,
			prompt: `Path on datastore "${datastore}" (folders separated by "/")`,
			placeHolder: 'e.g. mnist/train',
			validateInput: (value) => datastorePathProblem(value, 'uri_folder'),
		})
	).trim();
	const kind = (
		await services.prompt.quickPick<vscode.QuickPickItem & { dataType: DatastorePathKind }>(
			[
				{ label: 'Folder', description: 'uri_folder', dataType: 'uri_folder' },
				{ label: 'File', description: 'uri_file', dataType: 'uri_file' },
			],
			{ title, placeHolder: `Is "${path}" a folder or a file?` },
		)
	).dataType;
	const fileProblem = datastorePathProblem(path, kind);
	if (fileProblem) {
		throw new Error(fileProblem);
	}
	const suggested = (path.replace(/\/+$/, '').split('/').pop() ?? '').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'data';
	const { name, version, description } = await askDataAsset(services.prompt, azure, workspace, title, suggested);

	const result = await withCancellableProgress(`Registering ${name}:${version}…`, (signal) =>
		azure.registerDatastorePath(workspace, { datastore, path, kind, name, version, description: description.trim() || undefined }, signal),
	);
	extensionLog.info(`Registered data asset ${name}:${version} in ${workspace.label} (${result.dataUri}), nothing uploaded.`);
	services.tree.refresh(dataFolderOf(node));
	void vscode.window.showInformationMessage(`Data asset "${name}:${version}" is registered in ${workspace.ref.workspace} (${result.dataUri}).`);
}

async function pickDatastore(services: Services, title: string, datastores: readonly Datastore[]): Promise<string> {
	if (datastores.length === 0) {
		throw new Error('This workspace has no datastores: add one in Azure ML studio (Data > Datastores) first.');
	}
	const isDefault = (d: Datastore) => (d.properties as { isDefault?: boolean }).isDefault === true;
	const sorted = [...datastores].sort((a, b) => Number(isDefault(b)) - Number(isDefault(a)));
	const picked = await services.prompt.quickPick(
		sorted.map((d) => ({ label: d.name ?? '', description: [isDefault(d) && 'default', (d.properties as { datastoreType?: string }).datastoreType].filter(Boolean).join(' · ') })),
		{ title, placeHolder: 'The datastore the path is on' },
	);
	return picked.label;
}

const contextOf = (node: TreeNode | undefined) => String(node?.getTreeItem().contextValue ?? '');
const isDatastoreNode = (node: TreeNode | undefined) => new RegExp(`\\b${ContextValue.Datastore}\\b`).test(contextOf(node));

/** The workspace's Data folder above a node (or the whole tree from the palette), whose data assets list gets the new version. */
function dataFolderOf(node: TreeNode | undefined): TreeNode | undefined {
	let current = node;
	while (current && !(new RegExp(`\\b${ContextValue.DataFolder}\\b`).test(contextOf(current)) && !new RegExp(`\\b${ContextValue.DataFolder}\\b`).test(contextOf(current.getParent?.())))) {
		current = current.getParent?.();
	}
	return current;
}
