import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { JobLogStream } from '../../../src/ui/logs/JobLogStream';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, waitFor, workspaceFolder } from '../support/extension';
import { channelText } from '../support/outputChannels';
import { withAnswers } from '../support/prompts';
import { screenshot } from '../support/workbench';

const metricsTabs = () =>
	vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('azuremlExplorer.metrics'));

/**
 * What a user does first on a workspace, in one go: submit the MNIST sample from the explorer, see the
 * job revealed in the tree, its driver log streaming into its channel and its charts growing, all
 * while it runs. The screenshots of this test are the README's.
 */
describe('The whole loop on an Azure ML workspace', () => {
	let api: ExtensionApi;
	const config = () => vscode.workspace.getConfiguration('azuremlExplorer');

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		await config().update('submit.afterSubmit', 'streamLogsAndShowMetrics', vscode.ConfigurationTarget.Global);
		await config().update('submit.saveJobYaml', false, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
		await waitFor('the emulator sign-in (static token)', () => api.services.azure.isSignedIn, 10_000);
		// Slow enough to watch: the job trains 30 epochs, 0.6 s each, printing and logging its metrics.
		await emulatorRequest('PUT', 'scenario', {
			job: {
				statusMs: { NotStarted: 300, Queued: 500, Preparing: 800, Finalizing: 500 },
				steps: 30,
				stepMs: 600,
				metrics: ['train_loss', 'val_loss', 'val_accuracy'],
			},
		});
	});

	after(async () => {
		await config().update('submit.afterSubmit', undefined, vscode.ConfigurationTarget.Global);
		await config().update('submit.saveJobYaml', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await resetEmulator();
	});

	it('submits the sample, reveals the job, streams its log and charts its metrics while it trains', async function () {
		this.timeout(120_000);
		const script = vscode.Uri.joinPath(workspaceFolder(), 'samples', 'mnist', 'train.py');
		const streaming = new Set(api.logStreams.active);
		await withAnswers(
			api,
			[
				{ pick: 'ws-emulator' },
				{ pick: 'cpu-cluster' },
				{ inputBox: '1' },
				{ pick: 'Build from requirements.txt' },
				{ pick: 'No inputs' },
				{ inputBox: '--epochs 30' },
				{ inputBox: 'mnist' },
				{ inputBox: 'LeNet, 30 epochs' },
			],
			() => vscode.commands.executeCommand(CommandId.SubmitScript, script),
		);

		// An earlier test may have left a Local run selected: wait for the job's own selection.
		const job = await waitFor('the new job selected in the tree', () => api.services.treeView.selection.find((node) => /\/jobs\//.test(node.id)));
		assert.match(job.id ?? '', /\/workspaces\/ws-emulator\/jobs\/[^/]+$/);
		const stream: JobLogStream = await waitFor('the log stream the submit started', () => api.logStreams.active.find((s) => !streaming.has(s)));
		assert.equal(stream.target.label, 'LeNet, 30 epochs');
		await waitFor('the metrics panel the submit opened', () => metricsTabs().length > 0);

		// Mid-training: several epochs are in the channel and the job is still running.
		const text = await waitFor('twenty epochs in the channel', () => {
			const shown = channelText(stream);
			return shown?.includes('Epoch 20/30') ? shown : undefined;
		}, 60_000);
		assert.ok(!text.includes('Epoch 30/30'), 'the job finished before it could be watched');
		assert.ok(api.logStreams.active.includes(stream), 'the stream ended early');
		await api.services.treeView.reveal(job, { select: true, expand: true });
		await screenshot('whole-loop', 1_500);
		await vscode.commands.executeCommand('workbench.action.togglePanel');
		await screenshot('whole-loop-charts', 500);

		assert.deepEqual(await stream.done, { reason: 'ended', status: 'Completed' });
		stream.channel.show(true);
		await waitFor('the summary in the channel', () => /^» Job Completed after \d+s\.$/m.test(channelText(stream) ?? ''));
	});
});
