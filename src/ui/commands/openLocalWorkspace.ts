import * as vscode from 'vscode';
import type { Services } from '../services';

/** Shows the Local workspace (runs on this machine, no account needed); without a folder, asks for one. */
export async function openLocalWorkspace(services: Services): Promise<void> {
	if (!services.local.backend) {
		await vscode.commands.executeCommand('workbench.action.files.openFolder');
		return;
	}
	await services.treeView.reveal(services.localNode, { select: true, focus: true, expand: true });
}
