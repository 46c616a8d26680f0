import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import { activateExtension, waitFor } from '../support/extension';
import { screenshot, workbenchText } from '../support/workbench';

// Runs in its own window with no folder open and nothing signed in: what a newcomer sees first.
describe('First run: no folder open, not signed in', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		api = await activateExtension();
	});

	it('shows the welcome with "Sign in" and "Open the Local workspace" instead of an empty tree', async () => {
		assert.equal(vscode.workspace.workspaceFolders, undefined);
		assert.equal(api.services.azure.isSignedIn, false);
		assert.deepEqual(await api.services.tree.getChildren(), []);
		const welcome = await waitFor('the welcome in the Azure ML view', async () => {
			const text = await workbenchText('.welcome-view-content');
			return /\bSign in\b/.test(text) && text.includes('Open the Local workspace') ? text : undefined;
		});
		assert.match(welcome, /Sign in to browse your Azure Machine Learning workspaces, jobs and models/);
		await screenshot('first-run-welcome');
	});

	it('"Open the Local workspace" asks for the folder to keep local runs in', async () => {
		const opening = vscode.commands.executeCommand(CommandId.OpenLocalWorkspace);
		await waitFor('the Open Folder dialog', async () => /Open Folder/.test(await workbenchText('.quick-input-widget')) || undefined);
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
		await opening;
	});
});
