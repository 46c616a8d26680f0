import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { JobLogStream } from '../../../src/ui/logs/JobLogStream';
import type { RunTarget } from '../../../src/ui/runTarget';
import { emulatorWorkspace } from '../support/azureEmulatorBackend';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, waitFor, workspaceFolder } from '../support/extension';
import { channelShows, channelText } from '../support/outputChannels';
import { localTarget, withAnswers } from '../support/prompts';
import { until } from '../support/until';

const DRIVER = 'azureml-logs/70_driver_log.txt';

/** The log lines of a channel's text, without the stream's own `» ` notices. */
function logLines(text: string): string[] {
	return text
		.split('\n')
		.filter((line) => line !== '' && !line.startsWith('» '))
		.map((line) => line.replace(/^\[\d{4}-[^\]]+\] /, '[time] '));
}

function notices(text: string): string[] {
	return text.split('\n').filter((line) => line.startsWith('» '));
}

describe('Log streaming of submitted jobs', () => {
	let api: ExtensionApi;

	before(async () => {
		api = await activateExtension();
	});

	after(() => resetEmulator());

	const blob = '70_driver_log\\.txt$';

	it('streams a job running in the Azure ML emulator into its channel, through throttling, resets and 5xx', async function () {
		this.timeout(120_000);
		const { azure, workspace, backend } = await emulatorWorkspace();
		await emulatorRequest('PUT', 'scenario', {
			job: {
				statusMs: { NotStarted: 200, Queued: 200, Preparing: 300, Finalizing: 300 },
				steps: 24,
				stepMs: 400,
				lines: ['epoch {step}/{steps} ✓ loss={step}'],
				splitWrites: true,
				// The job waits there until every fault below was served: how many reads fit in its
				// run time depends on the machine, and a fault schedule must not.
				holdBeforeStep: 20,
			},
		});
		await emulatorRequest('POST', 'faults', { kind: 'rangeEnd416', path: blob, times: 0 });
		const name = `stream-it-${Date.now()}`;
		await azure.putCommandJob(workspace, name, {
			command: 'python train.py',
			environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
			computeId: `${workspace.armId}/computes/cpu-cluster`,
			experimentName: 'log-streaming',
			displayName: 'streamed job',
		});
		const target: RunTarget = { backend, runId: name, label: 'streamed job' };

		await vscode.commands.executeCommand(CommandId.StreamJobLogs, { runTarget: target });
		const stream = api.logStreams.find(target);
		assert.ok(stream, 'Stream Job Logs started no stream');
		assert.equal(stream.channel.name, `Azure ML: streamed job (${name})`);
		// Faults on the reads that follow, each on its own request (`skip` counts the requests it lets by).
		await channelShows(stream, 'epoch 2/24 ✓ loss=2');
		await emulatorRequest('POST', 'faults', [
			{ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, path: blob },
			{ kind: 'reset', path: blob, skip: 2 },
			{ kind: 'status', status: 503, path: blob, skip: 3 },
			{ kind: 'truncate', path: blob, skip: 5 },
		]);
		const served = async () => (await emulatorRequest<{ faults: { hits: number }[] }>('GET', 'faults')).faults.every((f) => f.hits > 0);
		await until('every fault to meet a log read', served);
		await emulatorRequest('POST', 'jobs/release', { name });
		assert.deepEqual(await stream.done, { reason: 'ended', status: 'Completed' });

		const text = await channelShows(stream, `» Studio: https://ml.azure.com/runs/${name}?wsid=/subscriptions/${workspace.ref.subscriptionId}/resourcegroups/${workspace.ref.resourceGroup}/workspaces/${workspace.ref.workspace}`);
		assert.deepEqual(logLines(text), [
			'[time] Preparing node 0: pulling image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04',
			'[time] Starting the training script on rank 0: python train.py',
			...Array.from({ length: 24 }, (_, i) => `epoch ${i + 1}/24 ✓ loss=${i + 1}`),
			'[time] Cleaning up all outstanding Run operations, waiting 300.0 seconds',
			'The activity completed successfully. Finalizing run...',
		]);
		const said = notices(text);
		assert.ok(said.includes(`» Streaming ${DRIVER}`), said.join('\n'));
		assert.ok(said.includes('» Status: Completed'), said.join('\n'));
		assert.match(said.at(-2) ?? '', /^» Job Completed after \d+s\.$/);
		assert.ok(!text.includes('sig='), 'a SAS signature reached the channel');

		// Every fault met a read, and each was retried away without a line lost or repeated.
		const { faults } = await emulatorRequest<{ faults: { kind: string; hits: number }[] }>('GET', 'faults');
		assert.deepEqual(
			faults.map((f) => [f.kind, f.hits > 0]),
			[['rangeEnd416', true], ['status', true], ['reset', true], ['status', true], ['truncate', true]],
		);
	});

	it('streams the driver log of the MNIST sample submitted to Local, as the run writes it', async function () {
		this.timeout(180_000);
		const script = vscode.Uri.joinPath(workspaceFolder(), 'samples', 'mnist', 'train.py');
		await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment: 'mnist-streamed' });
		const before = new Set(api.logStreams.active);
		await withAnswers(api, [...localTarget(api), { inputBox: '--epochs 6' }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script));

		// The submit started streaming (setting azuremlExplorer.submit.afterSubmit, default streamLogs).
		const stream: JobLogStream = await waitFor('the stream the submit started', () => api.logStreams.active.find((s) => !before.has(s) && s.target.label === 'train.py'));
		assert.equal(stream.target.backend.kind, 'local');
		assert.deepEqual(await stream.done, { reason: 'ended', status: 'Completed' });

		const text = await waitFor('the summary in the channel', () => {
			const shown = channelText(stream);
			return shown && /^» Job Completed after \d+s\.$/m.test(shown) ? shown : undefined;
		});
		const [driver] = (await stream.target.backend.listLogFiles(stream.target.runId)).filter((f) => f.name === DRIVER);
		assert.ok(driver, `the run has no ${DRIVER}`);
		const written = new TextDecoder().decode((await driver.reader.read(0)).bytes);
		// Exactly the driver log, line for line.
		assert.deepEqual(logLines(text), logLines(written));
		assert.deepEqual(
			logLines(text).filter((line) => line.startsWith('epoch ')).map((line) => line.split('  ')[0]),
			['epoch 1/6', 'epoch 2/6', 'epoch 3/6', 'epoch 4/6', 'epoch 5/6', 'epoch 6/6'],
		);
		// It followed the run while it ran (its first status was not the end), then summed it up.
		const said = notices(text);
		assert.notEqual(said[0], '» Status: Completed', said.join('\n'));
		assert.ok(said.includes('» Status: Completed'), said.join('\n'));
		assert.match(said.at(-1) ?? '', /^» Job Completed after \d+s\.$/);
	});

	it('after a submit only notifies, or also opens the charts, as azuremlExplorer.submit.afterSubmit says', async function () {
		this.timeout(60_000);
		const config = vscode.workspace.getConfiguration('azuremlExplorer');
		const script = vscode.Uri.joinPath(workspaceFolder(), 'quick', 'hello.py');
		await vscode.workspace.fs.writeFile(script, Buffer.from('print("hello ✓")\n'));
		await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment: 'after-submit' });
		const submit = () => withAnswers(api, [...localTarget(api), { inputBox: '' }], () => vscode.commands.executeCommand(CommandId.SubmitScript, script));
		const metricsTabs = () =>
			vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('azuremlExplorer.metrics'));
		try {
			await config.update('submit.afterSubmit', 'notify', vscode.ConfigurationTarget.Global);
			const streaming = new Set(api.logStreams.active);
			const tabs = metricsTabs().length;
			await submit();
			assert.deepEqual(api.logStreams.active.filter((s) => !streaming.has(s)), [], 'notify started a stream');
			assert.equal(metricsTabs().length, tabs);

			await config.update('submit.afterSubmit', 'streamLogsAndShowMetrics', vscode.ConfigurationTarget.Global);
			await submit();
			const started = api.logStreams.active.filter((s) => !streaming.has(s));
			assert.equal(started.length, 1);
			assert.equal(started[0].target.label, 'hello.py');
			await waitFor('a metrics panel', () => metricsTabs().length > tabs);
			assert.deepEqual(await started[0].done, { reason: 'ended', status: 'Completed' });
			await channelShows(started[0], 'hello ✓');
		} finally {
			await config.update('submit.afterSubmit', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
