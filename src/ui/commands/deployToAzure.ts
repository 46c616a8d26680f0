import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import type { AzureDeployPlan, DeployResult } from '../../core/endpoints/deployToAzure';
import { defaultInstanceType, instanceCountProblem, managedInstanceTypes } from '../../core/endpoints/instanceTypes';
import { deploymentNameProblem, endpointNameProblem, suggestEndpointName } from '../../core/endpoints/names';
import { scoringScriptProblem } from '../../core/endpoints/scoringScript';
import { shareProblem } from '../../core/endpoints/traffic';
import { azureModule, type AzureModule } from '../azure/azureModule';
import type { Prompter } from '../prompter';
import type { Services } from '../services';
import { askEnvironment } from '../submit/askAzureJob';
import { ContextValue } from '../tree/contextValues';
import { azureResourceOf } from '../tree/azure/azureResource';
import { endpointsFolderOf, onlineEndpointOf } from '../tree/azure/onlineEndpointTarget';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import type { TreeNode } from '../tree/TreeNode';
import { showDeploymentLogText } from './showDeploymentLogs';

interface Item<T> extends vscode.QuickPickItem {
	readonly value: T;
}

/**
 * Deploy… on an Azure model version (or an Endpoints folder or endpoint, which then ask for the
 * model): endpoint, deployment, scoring script and code folder, environment, instance type and
 * count, traffic; then one cancellable notification follows the endpoint and deployment to the end.
 */
export async function deployToAzure(services: Services, node?: TreeNode): Promise<DeployResult> {
	const target = onlineEndpointOf(node);
	const workspace = target?.workspace ?? workspaceOfNode(node);
	if (!workspace) {
		throw new Error('Deploy… works on an Azure model version or a workspace\'s Endpoints: right-click one in the Azure ML view.');
	}
	const azure = await azureModule();
	const prompt = services.prompt;
	const title = (step: string) => `Deploy to ${workspace.ref.workspace}: ${step}`;
	const model = isModelVersion(node) ? { id: azureResourceOf(node)!.id, name: azureResourceOf(node)!.name } : await askModel(prompt, azure, workspace, title('model'));
	const endpoint = target?.endpoint ? { kind: 'existing' as const, name: target.endpoint } : await askEndpoint(prompt, azure, workspace, model.name, title);
	const existing = endpoint.kind === 'existing' ? (await azure.listDeployments(workspace, endpoint.name)).items.map((d) => d.name ?? '') : [];
	const deployment = (
		await prompt.inputBox({
			title: title('deployment name'),
			value: ['blue', 'green', 'red', 'yellow'].find((c) => !existing.includes(c)) ?? '',
			validateInput: (value) => deploymentNameProblem(value.trim()) ?? (existing.includes(value.trim()) ? `Endpoint "${endpoint.name}" already has a deployment "${value.trim()}".` : undefined),
		})
	).trim();
	const scoringScript = await askScoringScript(prompt, title('scoring script (init() and run())'));
	const codeFolder = await askCodeFolder(prompt, scoringScript, title('code folder (uploaded with the script)'));
	const environment = await askEnvironment(prompt, azure, workspace, codeFolder, undefined, title('environment'));
	const instanceType = (
		await prompt.quickPick(
			managedInstanceTypes.map((t): Item<string> => ({
				label: t.name,
				description: `${t.cores} cores · ${t.memoryGb} GB${t.gpus ? ` · ${t.gpus} GPU` : ''}${t.name === defaultInstanceType ? ' · recommended minimum' : ''}`,
				value: t.name,
			})).sort((a, b) => Number(b.value === defaultInstanceType) - Number(a.value === defaultInstanceType)),
			{ title: title('instance type'), placeHolder: 'VM size of each instance' },
		)
	).value;
	const instanceCount = Number(await prompt.inputBox({ title: title('instances'), value: '1', validateInput: (value) => instanceCountProblem(value) }));
	const trafficShare =
		existing.filter((d) => d !== deployment).length === 0
			? 100
			: Number(
					await prompt.inputBox({
						title: title('traffic'),
						prompt: `Percent of "${endpoint.name}"'s traffic for "${deployment}"; the other deployments share the rest in their current proportions`,
						value: '0',
						validateInput: (value) => shareProblem(value),
					}),
				);
	const plan: AzureDeployPlan = { endpoint, deployment, modelId: model.id, scoringScript, codeFolder, environment, instanceType, instanceCount, trafficShare };
	return runDeploy(services, azure, workspace, plan, node);
}

function isModelVersion(node: TreeNode | undefined): boolean {
	const contextValue = (node as { getTreeItem?: () => vscode.TreeItem } | undefined)?.getTreeItem?.().contextValue ?? '';
	return contextValue.split(';').includes(ContextValue.AzureModelVersion);
}

async function askModel(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, title: string): Promise<{ id: string; name: string }> {
	const model = await prompt.quickPick(
		azure.listModels(workspace).then((page) => page.items.map((m): Item<string> => ({ label: m.name ?? '', description: m.properties.latestVersion ? `latest ${m.properties.latestVersion}` : undefined, value: m.name ?? '' }))),
		{ title, placeHolder: 'Model to deploy' },
	);
	const version = await prompt.quickPick(
		azure.listModelVersions(workspace, model.value).then((page) =>
			page.items.map((v): Item<string> => ({
				label: v.name ?? '',
				description: Object.entries(v.properties.properties ?? {}).filter(([k]) => !k.startsWith('_')).map(([k, value]) => `${k}=${value}`).join(' · '),
				value: v.id ?? `${workspace.armId}/models/${model.value}/versions/${v.name ?? ''}`,
			})),
		),
		{ title, placeHolder: `Version of ${model.value}` },
	);
	return { id: version.value, name: `${model.value}:${version.label}` };
}

async function askEndpoint(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, model: string, title: (step: string) => string): Promise<AzureDeployPlan['endpoint']> {
	const items = azure.listOnlineEndpoints(workspace).then((page) => [
		{ label: '$(add) New endpoint…', value: undefined },
		...page.items.map((e): Item<string | undefined> => ({ label: e.name ?? '', description: [e.properties.provisioningState, e.properties.authMode].filter(Boolean).join(' · '), value: e.name ?? '' })),
	]);
	const picked = (await prompt.quickPick<Item<string | undefined>>(items, { title: title('endpoint'), placeHolder: 'A new endpoint, or one to add a deployment to' })).value;
	if (picked) {
		return { kind: 'existing', name: picked };
	}
	const name = (
		await prompt.inputBox({ title: title('new endpoint name'), prompt: 'Unique in the Azure region', value: suggestEndpointName(model.split(':')[0]), validateInput: (value) => endpointNameProblem(value.trim()) })
	).trim();
	const authMode = (
		await prompt.quickPick<Item<'Key' | 'AMLToken'>>(
			[
				{ label: 'Key', description: 'default: a key that does not expire (Test Endpoint reads it for you)', value: 'Key' },
				{ label: 'AML token', description: 'a token that expires after 24 hours', value: 'AMLToken' },
			],
			{ title: title('authentication') },
		)
	).value;
	return { kind: 'new', name, authMode };
}

async function askScoringScript(prompt: Prompter, title: string): Promise<string> {
	const found = await vscode.workspace.findFiles('**/score.py', '{**/node_modules/**,**/.venv/**}', 200);
	const items: Item<string | undefined>[] = [
		...found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), value: uri.fsPath })),
		{ label: 'Another .py file…', description: 'a path in the workspace folder or absolute', value: undefined },
	];
	const picked = (await prompt.quickPick(items, { title, placeHolder: 'The scoring script: init() loads the model, run() answers a request' })).value;
	const script =
		picked ??
		path.resolve(
			vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '',
			(await prompt.inputBox({ title, prompt: 'Path of the scoring script', validateInput: (value) => (value.trim().toLowerCase().endsWith('.py') ? undefined : 'Give a .py file.') })).trim(),
		);
	// Checked here so a wrong file fails before any question more (and before any request).
	const problem = scoringScriptProblem(path.basename(script), await readFile(script, 'utf8').catch(() => ''));
	if (problem) {
		throw new Error(problem);
	}
	return script;
}

async function askCodeFolder(prompt: Prompter, script: string, title: string): Promise<string> {
	const folders: string[] = [];
	const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(script))?.uri.fsPath;
	for (let folder = path.dirname(script); ; folder = path.dirname(folder)) {
		folders.push(folder);
		if (!root || folder === root || path.dirname(folder) === folder || !folder.startsWith(root)) {
			break;
		}
	}
	if (folders.length === 1) {
		return folders[0];
	}
	const picked = await prompt.quickPick(
		folders.map((folder, i): Item<string> => ({ label: vscode.workspace.asRelativePath(folder) || path.basename(folder), description: i === 0 ? "the script's folder" : undefined, value: folder })),
		{ title, placeHolder: 'Folder uploaded as the deployment\'s code (what score.py imports must be inside)' },
	);
	return picked.value;
}

/** Runs the deploy under one cancellable notification; a failure opens the container logs and offers to remove what it created. */
async function runDeploy(services: Services, azure: AzureModule, workspace: AzureWorkspace, plan: AzureDeployPlan, node: TreeNode | undefined): Promise<DeployResult> {
	const endpointsFolder = onlineEndpointOf(node) ? endpointsFolderOf(node) : undefined;
	try {
		const result = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: `Deploying "${plan.deployment}" to endpoint "${plan.endpoint.name}"`, cancellable: true },
			(progress, token) => {
				const controller = new AbortController();
				token.onCancellationRequested(() => controller.abort());
				return azure.deployToAzure(workspace, plan, {
					signal: controller.signal,
					onProgress: (_step, message) => progress.report({ message }),
					confirmLargeSnapshot: (message) => services.prompt.confirm(message, 'Upload'),
				});
			},
		);
		void vscode.window.showInformationMessage(`Deployed "${plan.deployment}" to "${plan.endpoint.name}" (${result.traffic[plan.deployment]}% of its traffic). Scoring URI: ${result.endpoint.properties.scoringUri ?? ''}`);
		return result;
	} catch (error) {
		const failed = error as { logs?: string; created?: readonly string[]; cleanUp?: () => Promise<void> };
		if (failed.logs !== undefined) {
			await showDeploymentLogText(plan.endpoint.name, plan.deployment, failed.logs);
		}
		if (failed.cleanUp && failed.created?.length) {
			void offerCleanUp(failed.created, failed.cleanUp, () => services.tree.refresh(endpointsFolder));
		}
		throw error;
	} finally {
		services.tree.refresh(endpointsFolder);
	}
}

async function offerCleanUp(created: readonly string[], cleanUp: () => Promise<void>, refresh: () => void): Promise<void> {
	const action = 'Delete';
	const choice = await vscode.window.showWarningMessage(`The deploy left ${created.join(' and ')} behind. Delete ${created.length > 1 ? 'them' : 'it'}, or keep to inspect?`, action, 'Keep');
	if (choice === action) {
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${created.join(' and ')}…` }, cleanUp);
		refresh();
	}
}
