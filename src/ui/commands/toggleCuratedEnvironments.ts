import * as vscode from 'vscode';
import { showCuratedSetting } from '../tree/azure/environmentFolder';

/** Shows or hides Azure's curated (`AzureML-*`) environments in every workspace's Environments. */
export async function toggleCuratedEnvironments(): Promise<void> {
	const config = vscode.workspace.getConfiguration('azuremlExplorer');
	await config.update(showCuratedSetting, !config.get<boolean>(showCuratedSetting, false), vscode.ConfigurationTarget.Global);
}
