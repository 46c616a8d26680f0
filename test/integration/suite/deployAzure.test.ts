import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeployResult } from '../../../src/core/endpoints/deployToAzure';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { EndpointResponse } from '../../../src/ui/commands/testLocalEndpoint';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { registerScaleModel, writeScoringProject } from '../../support/scoringProject';
import { emulatorWorkspace } from '../support/azureEmulatorBackend';
import { resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor, workspaceFolder } from '../support/extension';
import { withAnswers } from '../support/prompts';
import { screenshot } from '../support/workbench';

describe('Deploy to an Azure managed online endpoint (emulator)', () => {
	let api: ExtensionApi;
	let project: string;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		project = path.join(workspaceFolder().fsPath, 'deploy-azure-it');
		await writeScoringProject(path.join(project, 'good'));
		await writeFile(path.join(project, 'good', 'requirements.txt'), 'numpy\n');
		await writeScoringProject(path.join(project, 'failing'), { initFails: 'the model file is corrupt' });
		await writeFile(path.join(project, 'failing', 'requirements.txt'), 'numpy\n');
		const { workspace } = await emulatorWorkspace();
		await registerScaleModel(workspace, 'scale-it', 2);
		api.services.tree.refresh();
	});

	after(async () => {
		await rm(project, { recursive: true, force: true });
		await resetEmulator();
	});

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		return waitFor(`${String(label)} under ${parent?.id ?? 'root'}`, async () => {
			const all = await api.services.tree.getChildren(parent);
			return all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		});
	}

	async function endpointsFolder(): Promise<TreeNode> {
		let node: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Endpoints']) {
			node = await child(node, label);
		}
		return node!;
	}

	/** The questions after the endpoint's: script, code folder, environment, instance type and count. */
	const scriptAnswers = (script: 'good' | 'failing') => [
		{ pick: `deploy-azure-it/${script}/score.py` },
		{ pick: `deploy-azure-it/${script}` },
		{ pick: 'Build from requirements.txt' },
		{ pick: 'Standard_DS3_v2' },
		{ inputBox: '1' },
	];

	it('deploys a model version to a new endpoint, and Test Endpoint gets the model\'s real answer', async function () {
		this.timeout(180_000);
		let version: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Models', 'scale-it', '1']) {
			version = await child(version, label);
		}
		assert.match(String(version!.getTreeItem().contextValue), /\bazureModelVersion\b/);
		const result = await withAnswers(
			api,
			[{ pick: '$(add) New endpoint…' }, { inputBox: 'scale-it-ep' }, { pick: 'Key' }, { inputBox: 'blue' }, ...scriptAnswers('good')],
			() => vscode.commands.executeCommand<DeployResult>(CommandId.DeployToAzure, version),
		);
		assert.equal(result.deployment.properties.provisioningState, 'Succeeded');
		assert.deepEqual(result.traffic, { blue: 100 });

		const endpoint = await child(await endpointsFolder(), 'scale-it-ep');
		assert.match(String(endpoint.getTreeItem().description), /Succeeded · blue 100%/);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const response = await withAnswers(api, [{ pick: 'deploy-azure-it/good/sample-request.json' }], () =>
			vscode.commands.executeCommand<EndpointResponse>(CommandId.TestEndpoint, endpoint),
		);
		assert.equal(response.status, 200, response.body);
		assert.deepEqual(JSON.parse(response.body), { predictions: [2, 4, 6] });
		const shown = await waitFor('the response beside', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'azureml-response'));
		assert.match(shown.document.getText(), /^\/\/ 200 · \d+ ms\n\{\n {2}"predictions": \[/);
		await api.services.treeView.reveal(endpoint, { select: true, expand: true });
		await screenshot('deploy-azure', 1_500);

		// The key is sent, never shown: not in the response, the scoring URI or the clipboard.
		const { azure, workspace } = await emulatorWorkspace();
		const keys = await azure.getEndpointKeys(workspace, 'scale-it-ep');
		const uri = await vscode.commands.executeCommand<string>(CommandId.CopyScoringUri, endpoint);
		assert.equal(uri, (await azure.getOnlineEndpoint(workspace, 'scale-it-ep')).properties.scoringUri);
		assert.equal(await vscode.env.clipboard.readText(), uri);
		// Copy Key puts the key on the clipboard, only when asked; Copy as curl leaves it as a variable.
		assert.equal(await vscode.commands.executeCommand<boolean>(CommandId.CopyEndpointKey, endpoint), true);
		assert.equal(await vscode.env.clipboard.readText(), keys.primaryKey);
		const curl = await vscode.commands.executeCommand<string>(CommandId.CopyAzureCurl, endpoint);
		assert.equal(await vscode.env.clipboard.readText(), curl);
		const blue = await child(endpoint, 'blue');
		const blueCurl = await vscode.commands.executeCommand<string>(CommandId.CopyAzureCurl, blue);
		for (const command of [curl, blueCurl]) {
			assert.ok(command.includes(uri), command);
			assert.ok(command.includes('$AZUREML_ENDPOINT_KEY'), command);
		}
		assert.ok(!curl.includes('azureml-model-deployment'), curl);
		assert.ok(blueCurl.includes("'azureml-model-deployment: blue'"), blueCurl);
		// An AML-token endpoint has no key to copy: the clipboard keeps what it had.
		await azure.createOnlineEndpoint(workspace, 'token-ep', { authMode: 'AMLToken' });
		assert.equal(await vscode.commands.executeCommand<boolean>(CommandId.CopyEndpointKey, { onlineEndpoint: { workspace, endpoint: 'token-ep' } }), false);
		assert.equal(await vscode.env.clipboard.readText(), blueCurl);
		await azure.deleteOnlineEndpoint(workspace, 'token-ep');
		for (const text of [shown.document.getText(), uri, curl, blueCurl]) {
			assert.ok(!text.includes(keys.primaryKey!), 'the key stays out of what is shown');
		}
	});

	it('shows a failing init()\'s reason and container logs, then deletes the deployment and the endpoint', async function () {
		this.timeout(180_000);
		const endpoint = await child(await endpointsFolder(), 'scale-it-ep');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await assert.rejects(
			Promise.resolve(
				withAnswers(api, [{ pick: 'scale-it' }, { pick: '1' }, { inputBox: 'green' }, ...scriptAnswers('failing'), { inputBox: '0' }], () =>
					vscode.commands.executeCommand(CommandId.DeployToAzure, endpoint),
				),
			),
			/init\(\) failed \(RuntimeError: the model file is corrupt\)[\s\S]*this deploy created deployment "green"/,
		);
		const logs = await waitFor('the container logs beside', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('.log')));
		assert.match(logs.document.getText(), /Traceback[\s\S]*RuntimeError: the model file is corrupt/);

		// The failed deployment stays to be inspected: its logs again, from the tree.
		api.services.tree.refresh(await endpointsFolder());
		const green = await child(await child(await endpointsFolder(), 'scale-it-ep'), 'green');
		assert.match(String(green.getTreeItem().description), /^Failed · 0% traffic/);
		const again = await vscode.commands.executeCommand<vscode.TextDocument>(CommandId.ShowDeploymentLogs, green);
		assert.match(again.getText(), /RuntimeError: the model file is corrupt/);
		// The endpoint still answers from blue.
		const stillBlue = await withAnswers(api, [{ pick: 'Enter JSON…' }, { inputBox: '{"data": [10]}' }], () =>
			vscode.commands.executeCommand<EndpointResponse>(CommandId.TestEndpoint, endpoint),
		);
		assert.deepEqual(JSON.parse(stillBlue.body), { predictions: [20] });

		// Update Traffic refuses shares that do not add up, then routes what is asked.
		await assert.rejects(
			Promise.resolve(withAnswers(api, [{ inputBox: 'blue=90, green=0' }], () => vscode.commands.executeCommand(CommandId.UpdateTraffic, endpoint))),
			/adding up to 100 \(they add up to 90\)/,
		);
		const routed = await withAnswers(api, [{ inputBox: 'blue=100, green=0' }], () => vscode.commands.executeCommand<{ properties: { traffic: object } }>(CommandId.UpdateTraffic, green));
		assert.deepEqual(routed.properties.traffic, { blue: 100, green: 0 });

		assert.equal(await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand<boolean>(CommandId.DeleteDeployment, green)), true);
		const typedWrong = withAnswers(api, [{ inputBox: 'scale-it' }], () => vscode.commands.executeCommand(CommandId.DeleteEndpoint, endpoint));
		await assert.rejects(Promise.resolve(typedWrong), /Type the endpoint's name, "scale-it-ep", exactly/);
		assert.equal(await withAnswers(api, [{ inputBox: 'scale-it-ep' }], () => vscode.commands.executeCommand<boolean>(CommandId.DeleteEndpoint, endpoint)), true);
		await waitFor('the endpoint gone from the tree', async () => {
			const labels = (await api.services.tree.getChildren(await endpointsFolder())).map(labelOf);
			return labels.includes('No online endpoints yet') || !labels.includes('scale-it-ep');
		});
	});

	it('Deploy Best Version deploys the version with the best metric of the chosen sort', async function () {
		this.timeout(180_000);
		const { workspace } = await emulatorWorkspace();
		await registerScaleModel(workspace, 'scale-best', 2, '1', { val_accuracy: '0.81' });
		await registerScaleModel(workspace, 'scale-best', 3, '2', { val_accuracy: '0.93' });
		await registerScaleModel(workspace, 'scale-best', 5, '3', { val_accuracy: '0.42' });
		api.services.tree.refresh();
		let model: TreeNode | undefined;
		for (const label of ['Azure', /^Subscription|11111111/, 'ws-emulator', 'Models', 'scale-best']) {
			model = await child(model, label);
		}
		const result = await withAnswers(
			api,
			[{ pick: 'val_accuracy, highest first' }, { pick: '$(add) New endpoint…' }, { inputBox: 'scale-best-ep' }, { pick: 'Key' }, { inputBox: 'blue' }, ...scriptAnswers('good')],
			() => vscode.commands.executeCommand<DeployResult>(CommandId.DeployBestVersion, model),
		);
		assert.match(String(result.deployment.properties.model), /\/models\/scale-best\/versions\/2$/);
		const endpoint = await child(await endpointsFolder(), 'scale-best-ep');
		const response = await withAnswers(api, [{ pick: 'Enter JSON…' }, { inputBox: '{"data": [1, 2]}' }], () =>
			vscode.commands.executeCommand<EndpointResponse>(CommandId.TestEndpoint, endpoint),
		);
		assert.deepEqual(JSON.parse(response.body), { predictions: [3, 6] });
		assert.equal(await withAnswers(api, [{ inputBox: 'scale-best-ep' }], () => vscode.commands.executeCommand<boolean>(CommandId.DeleteEndpoint, endpoint)), true);
	});
});
