import * as vscode from 'vscode';
import type { Services } from '../services';

/** "Azure ML: Sign Out" of this extension; VS Code's own Microsoft account stays signed in for other extensions. */
export async function signOut(services: Services): Promise<void> {
	const account = services.azure.account;
	await services.azure.signOut();
	if (account && services.azure.settings.authentication === 'vscode' && !services.azure.settings.staticToken) {
		void vscode.window.showInformationMessage(`Azure ML Explorer signed out of ${account}. To sign the account out of VS Code too, use the Accounts menu.`);
	}
}
