import * as vscode from 'vscode';
import type { Services } from '../services';

/** "Azure ML: Sign In": the way azuremlExplorer.authentication says; the account then shows in the view. */
export async function signIn(services: Services): Promise<void> {
	await vscode.window.withProgress({ location: { viewId: 'azuremlExplorer.resources' }, title: 'Signing in to Azure…' }, () => services.azure.signIn());
}
