import * as vscode from 'vscode';
import { azureResourceOf } from '../tree/azure/azureResource';

/** Opens the node's page in Azure ML studio, on the studio host of the signed-in cloud. */
export async function openInStudio(node?: unknown): Promise<void> {
	const resource = azureResourceOf(node);
	if (!resource?.studioUrl) {
		throw new Error('Use "Open in Studio" on a workspace, job, compute, model or endpoint in the Azure ML view.');
	}
	await vscode.env.openExternal(vscode.Uri.parse(resource.studioUrl, true));
}
