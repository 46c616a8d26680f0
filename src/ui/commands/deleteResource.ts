import * as vscode from 'vscode';
import type { Services } from '../services';
import { azureResourceOf } from '../tree/azure/azureResource';
import type { TreeNode } from '../tree/TreeNode';

/** Deletes a compute or an online endpoint, after a modal confirmation that names it. */
export async function deleteResource(services: Services, node?: TreeNode): Promise<void> {
	const resource = azureResourceOf(node);
	if (!resource?.delete) {
		throw new Error('Only computes and online endpoints can be deleted from the Azure ML view.');
	}
	const confirmed = await services.prompt.confirm(`Delete ${resource.label}?`, 'Delete', `${resource.id}\n\nThis cannot be undone.`);
	if (!confirmed) {
		return;
	}
	const folder = node?.getParent?.();
	await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${resource.label}…` }, () =>
		resource.delete!(() => services.tree.refresh(folder)),
	);
	services.tree.refresh(folder);
}
