import * as assert from 'node:assert/strict';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { AzureRunBackend } from '../../../../src/core/backends/azure/AzureRunBackend';
import { putCommandJob } from '../../../../src/core/backends/azure/jobs';
import { isTerminal, type LogFile, type RunBackend } from '../../../../src/core/backends/types';
import { RunEventFiles } from '../../../../src/core/tfevents/RunEventFiles';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import { waitForStatus } from './waitForStatus';

async function readAll(file: LogFile): Promise<string> {
	return Buffer.from((await file.reader.read(0)).bytes).toString('utf8');
}

/** Follows every log file by byte offset until the run ends, as the log view does; also notes the statuses seen. */
async function tail(backend: RunBackend, runId: string): Promise<{ logs: Map<string, Buffer>; statuses: Set<string> }> {
	const logs = new Map<string, Buffer>();
	const statuses = new Set<string>();
	for (;;) {
		const run = await backend.getRun(runId);
		statuses.add(run.status);
		for (const file of await backend.listLogFiles(runId)) {
			const have = logs.get(file.name) ?? Buffer.alloc(0);
			const read = await file.reader.read(have.length);
			logs.set(file.name, Buffer.concat([have, read.bytes]));
		}
		if (isTerminal(run.status)) {
			return { logs, statuses };
		}
		await new Promise((r) => setTimeout(r, 3));
	}
}

describe('AzureRunBackend', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;
	let backend: AzureRunBackend;
	const submit = (name: string, experimentName = 'mnist') => putCommandJob(workspace, name, { command: 'python train.py', environmentId: 'azureml:env:1', experimentName, displayName: `run ${name}`, inputs: { epochs: { jobInputType: 'literal', value: '3' } } });

	before(async () => {
		emulator = await sharedEmulator();
	});

	beforeEach(async () => {
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		backend = new AzureRunBackend(workspace);
	});

	afterEach(() => emulator.reset());

	it('lists runs newest first, one page per call, and filters by experiment', async () => {
		emulator.context.settings.jobsPageSize = 2;
		try {
			for (const [name, experiment] of [['a', 'mnist'], ['b', 'forex'], ['c', 'mnist']]) {
				await submit(name, experiment);
				await new Promise((r) => setTimeout(r, 5));
			}
			const first = await backend.listRuns({});
			assert.deepEqual(
				first.runs.map((r) => r.id),
				['c', 'b'],
			);
			const second = await backend.listRuns({ pageToken: first.nextPageToken });
			assert.deepEqual(
				second.runs.map((r) => r.id),
				['a'],
			);
			assert.equal(second.nextPageToken, undefined);
			const mnist = await backend.listRuns({ experiment: 'mnist' });
			assert.deepEqual(
				mnist.runs.map((r) => [r.id, r.experiment, r.displayName]),
				[['c', 'mnist', 'run c']],
			);
			assert.ok(first.runs[0].createdAt! >= first.runs[1].createdAt!);
		} finally {
			emulator.context.settings.jobsPageSize = 50;
		}
	});

	it('describes a completed run: times, params, studio link', async () => {
		await submit('done');
		await waitForStatus(workspace, 'done', 'Completed');
		const run = await backend.getRun('done');
		assert.equal(run.status, 'Completed');
		assert.equal(run.experiment, 'mnist');
		assert.ok(run.startedAt && run.endedAt && run.endedAt >= run.startedAt);
		assert.deepEqual(run.params, { epochs: '3' });
		assert.equal(run.error, undefined);
		assert.match(run.studioUrl ?? '', /\/runs\/done\?wsid=/);
	});

	it('describes a failed run with the service\'s error message', async () => {
		emulator.setScenario({ outcome: 'Failed', failureMessage: 'CUDA error: out of memory' });
		await submit('oom');
		await waitForStatus(workspace, 'oom', 'Failed');
		const run = await backend.getRun('oom');
		assert.equal(run.status, 'Failed');
		assert.equal(run.error, 'CUDA error: out of memory');
		const [log] = await backend.listLogFiles('oom');
		assert.match(await readAll(log), /RuntimeError: CUDA error: out of memory\n$/);
	});

	it('streams the driver log while the run goes through every status', async () => {
		emulator.setScenario({ steps: 5, stepMs: 15, splitWrites: true });
		await submit('streamed');
		const { logs, statuses } = await tail(backend, 'streamed');
		assert.ok(['Running', 'Completed'].every((s) => statuses.has(s)), [...statuses].join());
		const log = logs.get('azureml-logs/70_driver_log.txt')!.toString('utf8');
		for (let epoch = 1; epoch <= 5; epoch++) {
			assert.match(log, new RegExp(`^Epoch ${epoch}/5 · train_loss=\\d\\.\\d{4} val_loss=\\d\\.\\d{4} val_accuracy=\\d\\.\\d{4} ✓$`, 'm'));
		}
		assert.match(log, /The activity completed successfully\. Finalizing run\.\.\.\n$/);
		assert.doesNotMatch(log, /\uFFFD/, 'no character was broken');
	});

	it('lists one log per rank for a multi-node run, and user_logs for the common runtime', async () => {
		emulator.setScenario({ nodes: 3 });
		await submit('ddp');
		const { logs } = await tail(backend, 'ddp');
		assert.deepEqual([...logs.keys()].sort(), ['user_logs/std_log_process_0.txt', 'user_logs/std_log_process_1.txt', 'user_logs/std_log_process_2.txt']);
		assert.match(logs.get('user_logs/std_log_process_2.txt')!.toString(), /rank 2: step 3 done/);
		emulator.setScenario({ logLayout: 'user_logs' });
		await submit('cr');
		assert.deepEqual([...(await tail(backend, 'cr')).logs.keys()], ['user_logs/std_log.txt']);
	});

	it('lists the TensorBoard event files a job syncs to logs/ while it runs, read by offset like its log', async () => {
		emulator.setScenario({ steps: 4, stepMs: 15, eventFiles: true });
		await submit('keras');
		const files = new RunEventFiles((signal) => backend.listEventFiles('keras', signal), (warning) => assert.fail(warning));
		const seenWhileRunning = new Set<number>();
		for (;;) {
			const run = await backend.getRun('keras');
			await files.refresh();
			if (!isTerminal(run.status)) {
				seenWhileRunning.add(files.snapshot().find((f) => f.folder === 'logs/train')?.series.get('epoch_loss')?.length ?? 0);
			} else {
				break;
			}
			await new Promise((r) => setTimeout(r, 3));
		}
		assert.ok([...seenWhileRunning].some((n) => n > 0 && n < 4), `curves grew while the job ran: ${[...seenWhileRunning].join()}`);
		const names = (await backend.listEventFiles('keras')).map((f) => f.name);
		assert.equal(names.length, 2);
		assert.ok(names.every((n) => /^logs\/(train|validation)\/events\.out\.tfevents\.\d+\.emulator\.1\.\d\.v2$/.test(n)), names.join());
		const folders = new Map(files.snapshot().map((f) => [f.folder, f.series]));
		for (const folder of ['logs/train', 'logs/validation']) {
			assert.deepEqual(Array.from(folders.get(folder)?.get('epoch_loss')?.steps ?? []), [0, 1, 2, 3], folder);
			assert.equal(folders.get(folder)?.get('epoch_accuracy')?.length, 4, folder);
		}
	});

	it('lists the TensorBoard event files a job writes under outputs/ at any depth, new ones as they appear', async () => {
		emulator.setScenario({ steps: 4, stepMs: 15, eventFiles: true, eventFileFolder: 'outputs/tensorboard' });
		await submit('outs');
		const files = new RunEventFiles((signal) => backend.listEventFiles('outs', signal), (warning) => assert.fail(warning));
		const seenWhileRunning = new Set<number>();
		for (;;) {
			const run = await backend.pollRun('outs');
			await files.refresh();
			if (isTerminal(run.status)) {
				break;
			}
			seenWhileRunning.add(files.snapshot().find((f) => f.folder === 'outputs/tensorboard/train')?.series.get('epoch_loss')?.length ?? 0);
			await new Promise((r) => setTimeout(r, 3));
		}
		assert.ok([...seenWhileRunning].some((n) => n > 0 && n < 4), `curves grew while the job ran: ${[...seenWhileRunning].join()}`);
		assert.deepEqual(
			(await backend.listLogFiles('outs')).map((f) => f.name).filter((n) => n.includes('tfevents')),
			[],
			'run history lists outputs/ apart from the logs',
		);
		const names = (await backend.listEventFiles('outs')).map((f) => f.name);
		assert.equal(names.length, 2, names.join());
		assert.ok(names.every((n) => /^outputs\/tensorboard\/(train|validation)\/events\.out\.tfevents\.\d+\.emulator\.1\.\d\.v2$/.test(n)), names.join());
		const folders = new Map(files.snapshot().map((f) => [f.folder, f.series]));
		for (const folder of ['outputs/tensorboard/train', 'outputs/tensorboard/validation']) {
			assert.deepEqual(Array.from(folders.get(folder)?.get('epoch_loss')?.steps ?? []), [0, 1, 2, 3], folder);
		}
	});

	it('gives metric keys and whole histories in step order', async () => {
		emulator.setScenario({ steps: 4, metrics: ['loss', 'accuracy'] });
		await submit('metrics');
		await waitForStatus(workspace, 'metrics', 'Completed');
		assert.deepEqual(await backend.listMetricKeys('metrics'), ['accuracy', 'loss']);
		const loss = await backend.getMetricHistory('metrics', 'loss');
		assert.deepEqual(
			loss.map((p) => p.step),
			[1, 2, 3, 4],
		);
		assert.ok(loss[0].value > loss[3].value, 'the loss falls');
	});

	it('cancels a running run', async () => {
		emulator.setScenario({ steps: 1000, stepMs: 20 });
		await submit('stop-me');
		await waitForStatus(workspace, 'stop-me', 'Running');
		await backend.cancel('stop-me');
		const run = await backend.getRun('stop-me');
		assert.equal(run.status, 'Canceled');
		assert.ok(run.endedAt);
	});
});
