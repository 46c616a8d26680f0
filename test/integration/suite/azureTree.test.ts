import * as assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import { runTargetOf } from '../../../src/ui/runTarget';
import type { AzureJobNode } from '../../../src/ui/tree/azure/AzureJobNode';
import { azureResourceOf } from '../../../src/ui/tree/azure/azureResource';
import type { WorkspaceNode } from '../../../src/ui/tree/azure/WorkspaceNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { registerScaleModel, writeScoringProject } from '../../support/scoringProject';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';
import { withAnswers } from '../support/prompts';
import { screenshot } from '../support/workbench';

const subscriptionId = '11111111-1111-4111-8111-111111111111';
const otherSubscriptionId = '22222222-2222-4222-8222-222222222222';

interface Served {
	method: string;
	path: string;
}

describe('Azure resource tree', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
	});

	after(async () => {
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);
		await resetEmulator();
	});

	const children = (node?: TreeNode): Promise<TreeNode[]> => api.services.tree.getChildren(node);

	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await children(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}

	async function path(...labels: (string | RegExp)[]): Promise<TreeNode> {
		let node: TreeNode | undefined;
		for (const label of labels) {
			node = await child(node, label);
		}
		return node!;
	}

	const subscriptionNode = async (): Promise<TreeNode> => path('Azure', /^Subscription|11111111/);

	async function workspaceNode(name = 'ws-emulator'): Promise<WorkspaceNode> {
		const node = await child(await subscriptionNode(), name);
		// The extension runs from its bundle, so nodes are recognized by shape, not instanceof.
		assert.match(String(node.getTreeItem().contextValue), /\bworkspace\b/);
		return node as WorkspaceNode;
	}

	async function served(action: () => Promise<unknown>): Promise<Served[]> {
		await emulatorRequest('DELETE', 'requests');
		await action();
		return (await emulatorRequest<{ requests: Served[] }>('GET', 'requests')).requests.filter((r) => !r.path.startsWith('/_emulator'));
	}

	const description = (node: TreeNode): string => String(node.getTreeItem().description ?? '');
	const contextOf = (node: TreeNode): string => String(node.getTreeItem().contextValue ?? '');
	const isLoadMore = (node: TreeNode): boolean => contextOf(node) === 'loadMore';

	it('shows the signed-in account and its subscriptions, one request per level', async () => {
		const [local, azureRoot] = await children();
		assert.equal(labelOf(local), 'Local');
		assert.equal(labelOf(azureRoot), 'Azure');
		assert.equal(description(azureRoot), 'static token (emulator)');
		assert.equal(api.services.treeView.description, 'static token (emulator)');

		api.services.tree.refresh();
		const subscriptionRequests = await served(() => children(azureRoot));
		assert.deepEqual(subscriptionRequests.map((r) => `${r.method} ${r.path}`), ['GET /subscriptions']);
		const subscription = await subscriptionNode();
		assert.equal(subscription.id, `/subscriptions/${subscriptionId}`);

		const workspaceRequests = await served(() => children(subscription));
		assert.equal(workspaceRequests.length, 1, JSON.stringify(workspaceRequests));
		const workspaces = await children(subscription);
		assert.deepEqual(workspaces.map(labelOf).sort(), ['ws-emulator', 'ws-other']);
		const ws = await workspaceNode();
		assert.equal(ws.id, `/subscriptions/${subscriptionId}/resourceGroups/rg-emulator/providers/Microsoft.MachineLearningServices/workspaces/ws-emulator`);
		assert.equal(ws.backend.kind, 'azure');
		assert.equal(ws.workspace.ref.workspace, 'ws-emulator');
		assert.deepEqual((await children(ws)).map(labelOf), ['Compute', 'Data', 'Environments', 'Jobs', 'Models', 'Endpoints']);
	});

	it('expands every folder kind, with details in descriptions and lazily resolved tooltips', async function () {
		this.timeout(120_000);
		const ws = await workspaceNode();
		const azure = await api.services.azure.azureModule();
		const { workspace } = ws;
		await azure.createDataVersion(workspace, 'mnist-data', '1', { dataType: 'uri_folder', dataUri: 'azureml://datastores/workspaceblobstore/paths/mnist/' });
		await azure.createEnvironmentVersion(workspace, 'train-env', '1', { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04' });
		await azure.createEnvironmentVersion(workspace, 'AzureML-sklearn-cpu', '33', { image: 'mcr.microsoft.com/azureml/curated/sklearn' });
		const model = await azure.createModelVersion(workspace, 'mnist-model', '1', {
			modelType: 'custom_model',
			modelUri: 'azureml://datastores/workspaceblobstore/paths/model/',
			properties: { val_loss: '0.123' },
		});
		// A deployment really serves on the emulator: it needs the model's files and a scoring script.
		await registerScaleModel(workspace, 'scale', 2);
		const scoring = await writeScoringProject(join(await mkdtemp(join(tmpdir(), 'tree-score-')), 'serve'));
		await azure.deployToAzure(workspace, {
			endpoint: { kind: 'new', name: 'mnist-endpoint', authMode: 'Key' },
			deployment: 'blue',
			modelId: model.id!.replace('/models/mnist-model/', '/models/scale/'),
			scoringScript: scoring,
			codeFolder: dirname(scoring),
			environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-cpu:33' },
			instanceType: 'Standard_DS3_v2',
			instanceCount: 1,
			trafficShare: 100,
		});
		api.services.tree.refresh(ws);

		const cluster = await child(await child(ws, 'Compute'), 'cpu-cluster');
		assert.match(description(cluster), /^STANDARD_DS3_V2 · 0\/4 nodes · Steady$/);
		assert.equal(cluster.id, `${ws.workspace.armId}/computes/cpu-cluster`);
		const tooltip = await api.services.tree.resolveTreeItem(cluster.getTreeItem(), cluster);
		assert.match((tooltip.tooltip as vscode.MarkdownString).value, /Max nodes: `\d+`/);

		const data = await child(ws, 'Data');
		const version = await child(await child(await child(data, 'Data assets'), 'mnist-data'), '1');
		assert.equal(description(version), 'uri_folder');
		const datastores = await children(await child(data, 'Datastores'));
		const defaults = datastores.filter((d) => description(d).startsWith('default'));
		assert.deepEqual(defaults.map(labelOf), ['workspaceblobstore']);

		const environments = await child(ws, 'Environments');
		assert.deepEqual((await children(environments)).map(labelOf), ['train-env'], 'curated environments are hidden by default');
		assert.match(description(await child(await child(environments, 'train-env'), '1')), /openmpi/);
		await vscode.commands.executeCommand(CommandId.ShowCuratedEnvironments);
		try {
			const shown = await waitFor('the curated environment', async () => {
				const names = (await children(await child(await workspaceNode(), 'Environments'))).map(labelOf);
				return names.includes('AzureML-sklearn-cpu') && names;
			});
			assert.deepEqual([...shown].sort(), ['AzureML-sklearn-cpu', 'train-env']);
			// Each command does what its title says: Show again leaves them shown (a toggle would hide them).
			await vscode.commands.executeCommand(CommandId.ShowCuratedEnvironments);
			assert.equal(vscode.workspace.getConfiguration('azuremlExplorer').get<boolean>('showCuratedEnvironments'), true);
		} finally {
			await vscode.commands.executeCommand(CommandId.HideCuratedEnvironments);
		}
		await waitFor('the curated environment hidden again', async () => {
			const names = (await children(await child(await workspaceNode(), 'Environments'))).map(labelOf);
			return !names.includes('AzureML-sklearn-cpu');
		});

		const ws2 = await workspaceNode();
		const modelVersion = await path('Azure', /11111111|Subscription/, 'ws-emulator', 'Models', 'mnist-model', '1');
		assert.equal(description(modelVersion), 'val_loss=0.123');
		const endpoint = await child(await child(ws2, 'Endpoints'), 'mnist-endpoint');
		assert.match(description(endpoint), /Succeeded · blue 100%/);
		assert.match(description(await child(endpoint, 'blue')), /Succeeded · 100% traffic/);

		// Empty folders say so.
		const other = await workspaceNode('ws-other');
		assert.deepEqual((await children(await child(other, 'Models'))).map(labelOf), ['No models yet']);
		assert.deepEqual((await children(await child(other, 'Endpoints'))).map(labelOf), ['No online endpoints yet']);

		await api.services.treeView.reveal(modelVersion, { expand: true, select: false });
		await api.services.treeView.reveal(cluster, { expand: true, select: true });
		await screenshot('azure-tree', 1500);
	});

	it('pages through 120 jobs by experiment, newest first, one request per "Load more…"', async function () {
		this.timeout(60_000);
		await emulatorRequest('POST', 'jobs/seed', { count: 120, experiment: 'bulk', subscriptionId, resourceGroup: 'rg-other', workspace: 'ws-other' });
		const other = await workspaceNode('ws-other');
		const jobs = await child(other, 'Jobs');
		api.services.tree.refresh(jobs);
		const first = await served(() => children(jobs));
		assert.equal(first.length, 1, JSON.stringify(first));
		const [bulk, more] = await children(jobs);
		assert.equal(labelOf(bulk), 'bulk');
		assert.equal(description(bulk), '50+ jobs');
		assert.ok(isLoadMore(more));
		const page1 = (await children(bulk)) as AzureJobNode[];
		assert.equal(page1.length, 50);
		assert.ok(page1.every((j) => /\brunAzure\b/.test(contextOf(j)) && /^Completed/.test(description(j))));

		const second = await served(() => Promise.resolve(vscode.commands.executeCommand(CommandId.LoadMore, jobs)));
		assert.equal(second.length, 1, JSON.stringify(second));
		assert.equal((await children(bulk)).length, 100);
		await vscode.commands.executeCommand(CommandId.LoadMore, jobs);
		assert.equal((await children(bulk)).length, 120);
		assert.ok(!(await children(jobs)).some(isLoadMore), 'no "Load more…" after the last page');
		assert.equal(description(bulk), '120 jobs');
	});

	it('shows an active job change status by itself, and cancels one from the tree', async function () {
		this.timeout(120_000);
		await emulatorRequest('PUT', 'scenario', { job: { statusMs: { NotStarted: 500, Queued: 1500, Preparing: 1500, Finalizing: 500 }, steps: 3, stepMs: 1000 } });
		const ws = await workspaceNode();
		const azure = await api.services.azure.azureModule();
		const name = `tree-it-${Date.now()}`;
		const spec = { command: 'python train.py', environmentId: 'azureml:train-env:1', computeId: `${ws.workspace.armId}/computes/cpu-cluster`, experimentName: 'tree-it' };
		await azure.putCommandJob(ws.workspace, name, { ...spec, displayName: 'watched job' });
		const jobs = await child(ws, 'Jobs');
		api.services.tree.refresh(jobs);
		const experiment = await child(jobs, 'tree-it');
		const job = (await child(experiment, 'watched job')) as AzureJobNode;
		assert.ok(job.isActive, description(job));
		assert.match(String(job.getTreeItem().contextValue), /\brunActive\b.*\brunAzure\b/);
		assert.equal(runTargetOf(job)?.runId, name);
		await waitFor('the job to complete by itself', () => description(job).startsWith('Completed'), 90_000);

		const doomed = `tree-cancel-${Date.now()}`;
		await emulatorRequest('PUT', 'scenario', { job: { statusMs: { NotStarted: 60_000 } } });
		await azure.putCommandJob(ws.workspace, doomed, { ...spec, displayName: 'doomed job' });
		api.services.tree.refresh(jobs);
		const toCancel = (await child(await child(jobs, 'tree-it'), 'doomed job')) as AzureJobNode;
		await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.CancelJob, toCancel));
		await waitFor('the job to be canceled', async () => {
			const node = await child(await child(jobs, 'tree-it'), 'doomed job');
			return /^Cancel/.test(description(node));
		});
	});

	it('shows an error node with the reason when a folder fails, and retries it', async () => {
		const ws = await workspaceNode();
		const models = await child(ws, 'Models');
		await emulatorRequest('POST', 'faults', { kind: 'status', status: 403, path: '/models$', method: 'GET', times: 0 });
		api.services.tree.refresh(models);
		const [error] = await children(models);
		assert.equal(contextOf(error), 'error');
		assert.match(labelOf(error), /^Failed to load: Could not list the models of workspace "ws-emulator"/);
		assert.equal(error.getTreeItem().command?.command, CommandId.Refresh);
		// The rest of the tree still works.
		assert.equal(labelOf(await child(await child(ws, 'Compute'), 'cpu-cluster')), 'cpu-cluster');

		await emulatorRequest('DELETE', 'faults');
		const retry = error.getTreeItem().command!;
		await vscode.commands.executeCommand(retry.command, ...((retry.arguments ?? []) as unknown[]));
		// The seeded model, and the one an earlier test registered, with no error node left.
		assert.deepEqual((await children(models)).map(labelOf).sort(), ['mnist-model', 'scale']);
	});

	it('runs the node actions: copy id and name, studio link, metrics, delete with a named confirmation', async function () {
		this.timeout(60_000);
		const ws = await workspaceNode();
		const cluster = await child(await child(ws, 'Compute'), 'cpu-cluster');
		await vscode.commands.executeCommand(CommandId.CopyResourceId, cluster);
		assert.equal(await vscode.env.clipboard.readText(), `${ws.workspace.armId}/computes/cpu-cluster`);
		const modelVersion = await child(await child(await child(ws, 'Models'), 'mnist-model'), '1');
		await vscode.commands.executeCommand(CommandId.CopyName, modelVersion);
		assert.equal(await vscode.env.clipboard.readText(), 'mnist-model:1');
		// The emulator is a custom cloud on the public studio host.
		assert.equal(azureResourceOf(ws)?.studioUrl, `https://ml.azure.com/home?wsid=${ws.workspace.armId}`);
		assert.equal(azureResourceOf(cluster)?.studioUrl, `https://ml.azure.com/compute/cpu-cluster/details?wsid=${ws.workspace.armId}`);

		const completed = (await children(await child(await child(ws, 'Jobs'), 'tree-it'))).find((n) => description(n).startsWith('Completed'));
		assert.ok(completed, 'a completed job');
		const target = runTargetOf(completed);
		assert.ok(target && (await target.backend.listMetricKeys(target.runId)).length > 0, 'the job node carries a run target with metrics');
		await vscode.commands.executeCommand(CommandId.ShowMetrics, completed);

		// Declining deletes nothing; confirming deletes the named resource.
		const endpoints = await child(ws, 'Endpoints');
		const endpoint = await child(endpoints, 'mnist-endpoint');
		await withAnswers(api, [{ inputBox: '' }], () => vscode.commands.executeCommand(CommandId.DeleteEndpoint, endpoint));
		assert.deepEqual((await children(endpoints)).map(labelOf), ['mnist-endpoint']);
		const scripted = await withAnswers(api, [{ inputBox: 'mnist-endpoint' }], () => vscode.commands.executeCommand<boolean>(CommandId.DeleteEndpoint, endpoint));
		assert.equal(scripted, true);
		assert.deepEqual((await children(endpoints)).map(labelOf), ['No online endpoints yet']);
		await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandId.DeleteResource, modelVersion)), /Only computes and online endpoints can be deleted/);
	});

	it('filters subscriptions (remembered), signs out to the sign-in node and back in', async () => {
		await emulatorRequest('POST', 'workspaces', { subscriptionId: otherSubscriptionId, resourceGroup: 'rg-second', workspace: 'ws-second' });
		api.services.tree.refresh();
		const azureRoot = await path('Azure');
		assert.equal((await children(azureRoot)).length, 2);
		const first = labelOf(await subscriptionNode());
		const second = (await children(azureRoot)).map(labelOf).find((l) => l !== first)!;
		await withAnswers(api, [{ pickMany: [second] }], () =>
			vscode.commands.executeCommand(CommandId.SelectSubscriptions),
		);
		assert.deepEqual(vscode.workspace.getConfiguration('azuremlExplorer').get('selectedSubscriptions'), [otherSubscriptionId]);
		const shown = await children(await path('Azure'));
		assert.deepEqual(shown.map((n) => n.id), [`/subscriptions/${otherSubscriptionId}`]);
		await vscode.workspace.getConfiguration('azuremlExplorer').update('selectedSubscriptions', undefined, vscode.ConfigurationTarget.Global);

		await vscode.commands.executeCommand(CommandId.SignOut);
		assert.equal(api.services.azure.isSignedIn, false);
		const [, signIn] = await children();
		assert.equal(labelOf(signIn), 'Sign in to Azure…');
		assert.equal(signIn.getTreeItem().command?.command, CommandId.SignIn);
		assert.equal(api.services.treeView.description, undefined);

		await vscode.commands.executeCommand(CommandId.SignIn);
		assert.equal(api.services.azure.isSignedIn, true);
		assert.equal(labelOf((await children())[1]), 'Azure');
		assert.equal((await workspaceNode()).workspace.ref.workspace, 'ws-emulator');
	});

	it('follows the next link of lists whose first page is empty, and says a list is empty only when it ended', async () => {
		await emulatorRequest('POST', 'workspaces', { subscriptionId, resourceGroup: 'rg-empty-pages', workspace: 'ws-empty-pages' });
		await emulatorRequest('POST', 'jobs/seed', { count: 3, experiment: 'behind-an-empty-page', subscriptionId, resourceGroup: 'rg-empty-pages', workspace: 'ws-empty-pages' });
		await emulatorRequest('PUT', 'scenario', { lists: { emptyFirstPage: true } });
		try {
			api.services.tree.refresh();
			// Subscriptions, workspaces, jobs and every folder: each first page is `{"value": [], "nextLink": …}`.
			const ws = await workspaceNode('ws-empty-pages');
			const jobs = await children(await child(ws, 'Jobs'));
			assert.deepEqual(jobs.map(labelOf), ['behind-an-empty-page']);
			assert.equal(description(jobs[0]), '3 jobs');
			const datastores = await children(await child(await child(ws, 'Data'), 'Datastores'));
			assert.ok(datastores.map(labelOf).includes('workspaceblobstore'), datastores.map(labelOf).join());
			assert.match(labelOf((await children(await child(ws, 'Models')))[0]), /^No /, 'a list that really ended is empty');
		} finally {
			await emulatorRequest('PUT', 'scenario', { lists: { emptyFirstPage: false } });
			api.services.tree.refresh();
		}
	});

	it('shows a workspace listed with a lower-cased id under its owner\'s names, and uses them in every URL', async () => {
		// A subscription of its own, so the workspace lists other tests check stay as they are.
		const casingSubscriptionId = '33333333-3333-4333-8333-333333333333';
		await emulatorRequest('POST', 'workspaces', { subscriptionId: casingSubscriptionId, resourceGroup: 'RG-Casing', workspace: 'ws-casing' });
		await emulatorRequest('PUT', 'scenario', { lists: { lowerCaseResourceGroups: true } });
		try {
			api.services.tree.refresh();
			const ws = (await path('Azure', /33333333/, 'ws-casing')) as WorkspaceNode;
			assert.deepEqual(ws.workspace.ref, { subscriptionId: casingSubscriptionId, resourceGroup: 'RG-Casing', workspace: 'ws-casing' });
			assert.match(description(ws), /^RG-Casing · eastus2$/);
			assert.equal(azureResourceOf(ws)?.id, `/subscriptions/${casingSubscriptionId}/resourceGroups/RG-Casing/providers/Microsoft.MachineLearningServices/workspaces/ws-casing`);
			const requests = await served(() => children(ws).then(async (folders) => Promise.all(folders.map(children))));
			const workspaceUrls = requests.filter((r) => /\/workspaces\/ws-casing\//i.test(r.path));
			assert.ok(workspaceUrls.length > 0, JSON.stringify(requests));
			assert.deepEqual(workspaceUrls.filter((r) => !r.path.includes('/resourceGroups/RG-Casing/')), []);
		} finally {
			await emulatorRequest('PUT', 'scenario', { lists: { lowerCaseResourceGroups: false } });
			api.services.tree.refresh();
		}
	});
});
