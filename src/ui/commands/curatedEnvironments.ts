import * as vscode from 'vscode';
import { showCuratedSetting } from '../tree/azure/environmentFolder';

/**
 * "Show Curated Environments" and "Hide Curated Environments": two commands rather than one toggle,
 * so the title in the menu always says what a click does (package.json shows one or the other by
 * the setting's `config.` context key).
 */
export async function showCuratedEnvironments(): Promise<void> {
	await setCuratedShown(true);
}

export async function hideCuratedEnvironments(): Promise<void> {
	await setCuratedShown(false);
}

/** Azure's curated (`AzureML-*`) environments in every workspace's Environments, or not. */
async function setCuratedShown(shown: boolean): Promise<void> {
	await vscode.workspace.getConfiguration('azuremlExplorer').update(showCuratedSetting, shown, vscode.ConfigurationTarget.Global);
}
