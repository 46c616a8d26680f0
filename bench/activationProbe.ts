// Loaded by VS Code as extensionTestsPath in a fresh window: opens the Azure ML view, which is
// what wakes the extension for a user, waits for activation and writes the extension's own
// timings to the file named by AZUREML_EXPLORER_BENCH_OUT.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../src/extension';

export async function run(): Promise<void> {
	const extension = vscode.extensions.getExtension<ExtensionApi>('azureml-explorer.azureml-explorer');
	if (!extension) {
		throw new Error('extension not found');
	}
	await vscode.commands.executeCommand('workbench.view.extension.azuremlExplorer');
	const deadline = Date.now() + 30_000;
	while (!extension.isActive && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	const api = await extension.activate();
	writeFileSync(process.env.AZUREML_EXPLORER_BENCH_OUT!, JSON.stringify(api.timing));
}
