import * as vscode from 'vscode';
import { azureResourceOf } from '../tree/azure/azureResource';

/** Copies the node's ARM resource id. */
export async function copyResourceId(node?: unknown): Promise<void> {
	const resource = azureResourceOf(node);
	if (!resource) {
		throw new Error('Use "Copy Resource Id" on an Azure resource in the Azure ML view.');
	}
	await vscode.env.clipboard.writeText(resource.id);
}
