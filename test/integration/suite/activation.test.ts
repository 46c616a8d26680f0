import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import { until } from '../support/until';
import { screenshot } from '../support/workbench';

const extensionId = 'azureml-explorer.azureml-explorer';

interface Manifest {
	activationEvents?: string[];
	contributes: {
		commands: { command: string; title: string; category?: string }[];
		views: Record<string, { id: string }[]>;
		viewsContainers: { activitybar: { id: string; title: string }[] };
	};
}

describe('Extension foundation', () => {
	const extension = () => {
		const found = vscode.extensions.getExtension<ExtensionApi>(extensionId);
		assert.ok(found, `${extensionId} is not installed in this VS Code`);
		return found;
	};

	it('is not activated by startup, only by its view and commands', () => {
		const manifest = extension().packageJSON as Manifest;
		const events = manifest.activationEvents ?? [];
		assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `eager activation events: ${events.join(', ')}`);
	});

	it('activates and reports its own load and activate times', async () => {
		const api = await extension().activate();
		assert.ok(extension().isActive);
		assert.ok(api.timing.activateMs > 0 && api.timing.activateMs < 5_000, `activateMs ${api.timing.activateMs}`);
		assert.ok(api.timing.loadMs > 0, `loadMs ${api.timing.loadMs}`);
	});

	it('contributes the Azure ML view container with the resources view', async () => {
		const manifest = extension().packageJSON as Manifest;
		assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]), [['azuremlExplorer', 'Azure ML']]);
		assert.deepEqual(manifest.contributes.views.azuremlExplorer.map((v) => v.id), ['azuremlExplorer.resources']);
		// VS Code generates a focus command for every registered view.
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await screenshot('foundation-view');
	});

	it('registers every contributed command, and contributes every registered one', async () => {
		const manifest = extension().packageJSON as Manifest;
		const contributed = manifest.contributes.commands.map((c) => c.command).sort();
		assert.deepEqual(contributed, Object.values(CommandId).sort());
		const registered = new Set(await vscode.commands.getCommands(true));
		for (const id of contributed) {
			assert.ok(registered.has(id), `${id} is contributed but not registered`);
		}
		for (const command of manifest.contributes.commands) {
			assert.equal(command.category, 'Azure ML', `${command.command} is not in the "Azure ML" palette category`);
		}
	});

	it('shows its log channel', async () => {
		// The Output view's model of the channel it shows is a document VS Code syncs to the extension host.
		const shown = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.path).includes('Azure ML Explorer'));
		await vscode.commands.executeCommand('workbench.action.closePanel');
		await vscode.commands.executeCommand(CommandId.ShowExtensionLog);
		const document = await until('the "Azure ML Explorer" channel in the Output view', shown);
		assert.match(decodeURIComponent(document.uri.path), /Azure ML Explorer/);
	});
});
