import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobStatus, LogFile, MetricPoint, RangeRead, RunBackend, RunDetails, RunPage } from '../../../src/core/backends/types';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { JobLogStream } from '../../../src/ui/logs/JobLogStream';
import { maxJobChannels } from '../../../src/ui/logs/LogStreamManager';
import type { RunTarget } from '../../../src/ui/runTarget';
import { activateExtension } from '../support/extension';
import { channelShows, channelText } from '../support/outputChannels';
import { withAnswers } from '../support/prompts';
import { screenshot } from '../support/workbench';

const DRIVER = 'azureml-logs/70_driver_log.txt';
const RANK1 = 'azureml-logs/70_driver_log_1.txt';

/** A job kept in memory: a real RunBackend whose log files grow as the test appends to them. */
class SimulatedJob implements RunBackend {
	readonly kind = 'azure';
	status: JobStatus = 'Running';
	private readonly files = new Map<string, Uint8Array>();
	private readonly startedAt = Date.now();
	private endedAt: number | undefined;

	constructor(readonly id: string) {}

	append(name: string, text: string): void {
		const old = this.files.get(name) ?? new Uint8Array(0);
		const added = new TextEncoder().encode(text);
		const next = new Uint8Array(old.length + added.length);
		next.set(old);
		next.set(added, old.length);
		this.files.set(name, next);
	}

	finish(status: JobStatus): void {
		this.status = status;
		this.endedAt = Date.now();
	}

	listRuns(): Promise<RunPage> {
		return Promise.resolve({ runs: [{ id: this.id, experiment: 'simulated', status: this.status }] });
	}

	getRun(runId: string): Promise<RunDetails> {
		return Promise.resolve({
			id: runId,
			experiment: 'simulated',
			status: this.status,
			startedAt: this.startedAt,
			endedAt: this.endedAt,
			warnings: [],
			params: {},
			tags: {},
			studioUrl: `https://ml.azure.com/runs/${runId}`,
		});
	}

	listEventFiles(): Promise<LogFile[]> {
		return Promise.resolve([]);
	}

	listLogFiles(): Promise<LogFile[]> {
		return Promise.resolve(
			[...this.files.keys()].map((name) => ({
				name,
				reader: {
					read: (offset: number): Promise<RangeRead> => {
						const data = this.files.get(name) ?? new Uint8Array(0);
						return Promise.resolve({ bytes: data.slice(Math.min(offset, data.length)), size: data.length });
					},
				},
			})),
		);
	}

	listMetricKeys(): Promise<string[]> {
		return Promise.resolve([]);
	}

	getMetricHistory(): Promise<MetricPoint[]> {
		return Promise.resolve([]);
	}

	cancel(): Promise<void> {
		this.finish('Canceled');
		return Promise.resolve();
	}
}

describe('Log streaming', () => {
	const job = new SimulatedJob('sim-train-1');
	const target: RunTarget = { backend: job, runId: job.id, label: 'mnist-train' };
	let api: ExtensionApi;

	before(async () => {
		api = await activateExtension();
	});

	async function streamFromNode(): Promise<JobLogStream> {
		await vscode.commands.executeCommand(CommandId.StreamJobLogs, { runTarget: target });
		const stream = api.logStreams.find(target);
		assert.ok(stream, 'Stream Job Logs started no stream');
		return stream;
	}

	it('streams a job\'s log line by line into its own channel, with its status in the status bar', async () => {
		job.status = 'Preparing';
		job.append(DRIVER, 'epoch 1/2 loss=0.91\n');
		const stream = await streamFromNode();
		assert.equal(stream.channel.name, 'Azure ML: mnist-train (sim-train-1)');
		await channelShows(stream, 'epoch 1/2 loss=0.91');
		assert.equal(stream.statusBar.text, '$(clock) mnist-train: Preparing');

		job.status = 'Running';
		await channelShows(stream, '» Status: Running');
		assert.equal(stream.statusBar.text, '$(sync~spin) mnist-train: Running');

		// A job writing steadily, one line every 400 ms, the last one in two pieces. How soon lines
		// show is measured by the logs benchmark, not asserted here.
		const written: string[] = [];
		for (let i = 1; i <= 12; i++) {
			written.push(`step ${i}/12`);
			job.append(DRIVER, i < 12 ? `step ${i}/12\n` : 'step 12');
			await new Promise((resolve) => setTimeout(resolve, 400));
		}
		const partial = await channelShows(stream, 'step 11/12');
		assert.ok(!partial.includes('step 12'), 'a partly written line was shown');
		job.append(DRIVER, '/12\n');
		await channelShows(stream, 'step 12/12');
		assert.equal(
			channelText(stream),
			['» Status: Preparing', `» Streaming ${DRIVER}`, 'epoch 1/2 loss=0.91', '» Status: Running', ...written, ''].join('\n'),
		);

		// Streaming the same job again only shows its channel.
		assert.equal(await streamFromNode(), stream);
		assert.equal(api.logStreams.active.filter((s) => s.key === stream.key).length, 1);
		await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
		await screenshot('log-streaming-channel');
		await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
	});

	it('streams chosen log files together, each line prefixed with its source', async () => {
		const stream = api.logStreams.find(target);
		assert.ok(stream);
		job.append(RANK1, 'rank 1 ready\n');
		await withAnswers(api, [{ pickMany: [DRIVER, RANK1] }], () => vscode.commands.executeCommand(CommandId.ChooseLogFile, { runTarget: target }));
		await channelShows(stream, '[rank 1] rank 1 ready');
		job.append(DRIVER, 'epoch 2/2 loss=0.12\n');
		job.append(RANK1, 'rank 1 epoch 4\n');
		await channelShows(stream, '[70_driver_log.txt] epoch 2/2 loss=0.12');
		await channelShows(stream, '[rank 1] rank 1 epoch 4');
		assert.deepEqual(stream.session.streamedFiles, [DRIVER, RANK1]);
	});

	it('stops on Stop Streaming: no more lines, and the status-bar item goes', async () => {
		const stream = api.logStreams.find(target);
		assert.ok(stream);
		await vscode.commands.executeCommand(CommandId.StopLogStreaming, { runTarget: target });
		assert.deepEqual(await stream.done, { reason: 'stopped' });
		assert.equal(api.logStreams.find(target), undefined);
		const stopped = await channelShows(stream, '» Streaming stopped.');
		job.append(DRIVER, 'written after the stop\n');
		await new Promise((resolve) => setTimeout(resolve, 2500));
		assert.equal(channelText(stream), stopped);
		assert.ok(stopped.endsWith('» Streaming stopped.\n'));
	});

	it('prints the whole log and a summary of a finished job, reusing its channel', async () => {
		const before = api.logStreams.find(target);
		assert.equal(before, undefined);
		job.finish('Completed');
		job.append(DRIVER, 'model saved');
		const stream = await streamFromNode();
		assert.deepEqual(await stream.done, { reason: 'ended', status: 'Completed' });
		const text = await channelShows(stream, '» Studio: https://ml.azure.com/runs/sim-train-1');
		assert.equal(
			text.replace(/after [\dhms ]+\./, 'after <duration>.'),
			[
				'» Status: Completed',
				`» Streaming ${DRIVER}`,
				'epoch 1/2 loss=0.91',
				...Array.from({ length: 12 }, (_, i) => `step ${i + 1}/12`),
				'epoch 2/2 loss=0.12',
				'written after the stop',
				'model saved',
				'» Job Completed after <duration>.',
				'» Studio: https://ml.azure.com/runs/sim-train-1',
				'',
			].join('\n'),
		);
		const outputs = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.path).endsWith(stream.channel.name));
		assert.equal(outputs.length, 1, 'the job got a second channel');
		await screenshot('log-streaming-finished');
	});

	it('keeps a bounded number of output channels, disposing those of ended streams first, and gives a pruned job a working channel again', async function () {
		this.timeout(120_000);
		const jobs = Array.from({ length: maxJobChannels + 3 }, (_, i) => {
			const bounded = new SimulatedJob(`sim-bound-${i}`);
			bounded.append(DRIVER, `line of ${i}\n`);
			bounded.finish('Completed');
			return bounded;
		});
		for (const bounded of jobs) {
			assert.equal((await api.logStreams.stream({ backend: bounded, runId: bounded.id, label: bounded.id }).done).reason, 'ended');
		}
		assert.equal(api.logStreams.channelCount, maxJobChannels);
		const again = api.logStreams.stream({ backend: jobs[0], runId: jobs[0].id, label: jobs[0].id });
		assert.deepEqual(await again.done, { reason: 'ended', status: 'Completed' });
		// A pruned channel is never handed out again: showing the job's channel works.
		assert.doesNotThrow(() => again.channel.show(true));
		assert.equal(api.logStreams.channelCount, maxJobChannels);
	});
});
