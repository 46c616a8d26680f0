import * as vscode from 'vscode';
import { azureResourceOf } from '../tree/azure/azureResource';

/** Copies the node's name (`name:version` for versions), as job YAML and the CLI refer to it. */
export async function copyName(node?: unknown): Promise<void> {
	const resource = azureResourceOf(node);
	if (!resource) {
		throw new Error('Use "Copy Name" on an Azure resource in the Azure ML view.');
	}
	await vscode.env.clipboard.writeText(resource.name);
}
