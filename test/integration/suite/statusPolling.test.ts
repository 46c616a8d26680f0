import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { WorkspaceNode } from '../../../src/ui/tree/azure/WorkspaceNode';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';

/** Ticks of every watched run's status poll the test drives before it looks at the request log. */
const ticks = 3;

describe('Status polling of the tree', () => {
	let api: ExtensionApi;

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
	});

	after(async () => {
		await resetEmulator();
		if (!api.services.azure.isSignedIn) {
			await vscode.commands.executeCommand(CommandId.SignIn);
		}
	});

	const children = (node?: TreeNode): Promise<TreeNode[]> => api.services.tree.getChildren(node);
	async function child(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
		const all = await children(parent);
		const found = all.find((n) => (typeof label === 'string' ? labelOf(n) === label : label.test(labelOf(n))));
		assert.ok(found, `no child ${String(label)} under ${parent?.id ?? 'root'}; children: ${all.map(labelOf).join(', ')}`);
		return found;
	}
	const served = async () => (await emulatorRequest<{ requests: { path: string }[] }>('GET', 'requests')).requests.filter((r) => !r.path.startsWith('/_emulator'));
	const description = (node: TreeNode): string => String(node.getTreeItem().description ?? '');

	/** A job that stays queued, shown in the tree (which subscribes it to its status poll). */
	async function showQueuedJob(displayName: string): Promise<TreeNode> {
		await emulatorRequest('PUT', 'scenario', { job: { statusMs: { NotStarted: 600_000 } } });
		const ws = (await child(await child(await child(undefined, 'Azure'), /^Subscription|11111111/), 'ws-emulator')) as WorkspaceNode;
		const azure = await api.services.azure.azureModule();
		const name = `poll-it-${Date.now()}`;
		await azure.putCommandJob(ws.workspace, name, {
			command: 'python train.py',
			environmentId: 'azureml:train-env:1',
			computeId: `${ws.workspace.armId}/computes/cpu-cluster`,
			experimentName: 'poll-it',
			displayName,
		});
		const jobs = await child(ws, 'Jobs');
		api.services.tree.refresh(jobs);
		return child(await child(jobs, 'poll-it'), displayName);
	}

	it('shows on the node that its status cannot be refreshed after a few failed polls, and clears it when a poll works', async function () {
		this.timeout(120_000);
		const job = await showQueuedJob('flaky status');
		await waitFor('the tree to poll the job', () => api.runStatus.activeRuns > 0);
		await emulatorRequest('POST', 'faults', { kind: 'status', status: 403, path: '/details$', method: 'GET', times: 0 });
		for (let i = 0; i < ticks; i++) {
			await api.runStatus.pollAll();
		}
		assert.match(description(job), /status not refreshed/);
		await emulatorRequest('DELETE', 'faults');
		await api.runStatus.pollAll();
		assert.doesNotMatch(description(job), /status not refreshed/);
	});

	it('stops every status poll on sign-out: the emulator serves no request after it', async function () {
		this.timeout(120_000);
		await showQueuedJob('watched until sign-out');
		await waitFor('the tree to poll the job', () => api.runStatus.activeRuns > 0);
		// The same count before sign-out sees the polls, so the 0 after it is not a log that records nothing.
		// (A poll already under way when the log is cleared is joined, not repeated: hence the loop.)
		await emulatorRequest('DELETE', 'requests');
		await waitFor('the emulator to count a status poll', async () => {
			await api.runStatus.pollAll();
			return (await served()).length > 0;
		});
		await vscode.commands.executeCommand(CommandId.SignOut);
		assert.equal(api.services.azure.isSignedIn, false);
		await emulatorRequest('DELETE', 'requests');
		for (let i = 0; i < ticks; i++) {
			await api.runStatus.pollAll();
		}
		assert.equal(api.runStatus.activeRuns, 0);
		assert.equal(api.services.tree.runs.size, 0);
		assert.deepEqual(await served(), []);
	});
});
