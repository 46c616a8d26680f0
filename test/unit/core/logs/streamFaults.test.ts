import * as assert from 'node:assert/strict';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { AzureRunBackend } from '../../../../src/core/backends/azure/AzureRunBackend';
import type { Clock } from '../../../../src/core/logs/clock';
import { LogStreamSession } from '../../../../src/core/logs/LogStreamSession';
import { addJob } from '../../../emulator/arm/jobs';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import type { ActiveFault, FaultSpec } from '../../../emulator/Faults';
import { resolveScenario } from '../../../emulator/scenario';
import { connectTo, freshWorkspace, sharedEmulator, type TestConnection } from '../../../emulator/sharedEmulator';
import { setStatus } from '../../../emulator/simulator';
import type { JobState, WorkspaceState } from '../../../emulator/state';
import { RecordingSink } from './fakes';

const DRIVER = 'azureml-logs/70_driver_log.txt';
const blobPath = '/azureml-logs/70_driver_log\\.txt$';

/**
 * Virtual time for the stream's pauses, with steps that do real work (appends to Azurite, status
 * changes, faults) when the time comes: the schedule is exact, the HTTP traffic is real.
 */
class ScriptedClock implements Clock {
	private t = 0;
	private readonly steps: { at: number; run: () => Promise<void> | void }[] = [];

	now(): number {
		return this.t;
	}

	at(at: number, run: () => Promise<void> | void): this {
		this.steps.push({ at, run });
		this.steps.sort((a, b) => a.at - b.at);
		return this;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		const until = this.t + ms;
		while (this.steps.length > 0 && this.steps[0].at <= until) {
			const step = this.steps.shift()!;
			this.t = Math.max(this.t, step.at);
			await step.run();
		}
		signal?.throwIfAborted();
		this.t = until;
		if (this.t > 600_000) {
			throw new Error('virtual time ran past 10 minutes: the stream never ended');
		}
	}
}

/**
 * The real Azure backend and LogStreamSession against the emulator's run history and a log blob in
 * Azurite, with the emulator's faults on the way. Each test shows the exact lines that come out.
 */
describe('log streaming through the emulator’s faults', () => {
	let emulator: AzureMlEmulator;
	let test: TestConnection;
	let workspace: AzureWorkspace;
	let ws: WorkspaceState;
	let job: JobState;
	let written = 0;
	/** The faults steadyJob added, to check they met a read. */
	let added: ActiveFault[] = [];
	const blob = (name: string) => `ExperimentRun/dcid.${name}/${DRIVER}`;

	before(async () => {
		emulator = await sharedEmulator();
	});

	beforeEach(async () => {
		test = connectTo(emulator);
		workspace = await freshWorkspace(emulator, test.connection);
		ws = emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!;
		job = addJob(emulator.context, ws, 'stream-run', { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:e:1' });
		job.endedAt = undefined;
		setStatus(job, 'Running');
		written = 0;
		added = [];
		await append('step 1 ✓ loss=0.90\n');
		job.logBlobs.add(blob('stream-run'));
	});

	afterEach(() => emulator.clearFaults());

	async function append(text: string): Promise<void> {
		written += Buffer.byteLength(text);
		await emulator.context.blobs.append(ws.artifactContainer, blob('stream-run'), text);
	}

	function finish(): void {
		setStatus(job, 'Completed');
		job.endedAt = (job.startedAt ?? 0) + 65_000;
	}

	const servedBytes = () => emulator.context.blobs.bytesServed(ws.artifactContainer, blob('stream-run'));

	/**
	 * The job writes step 2 and half of step 3's line at 1.5 s (then `fault` is added, so it meets
	 * the read that fetches those bytes), the rest of step 3 at 3 s, and an unterminated last line
	 * as it completes at 5 s.
	 */
	function steadyJob(clock: ScriptedClock, ...faults: FaultSpec[]): ScriptedClock {
		return clock
			.at(1500, async () => {
				await append('step 2 ✓ loss=0.50\nstep 3 ✓ lo');
				added = faults.map((fault) => emulator.addFault(fault));
			})
			.at(3000, () => append('ss=0.20\n'))
			.at(5000, async () => {
				await append('saved model ✓');
				finish();
			});
	}

	async function stream(clock: ScriptedClock): Promise<string[]> {
		const sink = new RecordingSink(clock);
		const session = new LogStreamSession(new AzureRunBackend(workspace), 'stream-run', sink, { clock });
		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'ended', status: 'Completed' });
		return sink.output;
	}

	const studio = () => `» Studio: https://ml.azure.com/runs/stream-run?wsid=/subscriptions/${workspace.ref.subscriptionId}/resourcegroups/${workspace.ref.resourceGroup}/workspaces/${workspace.ref.workspace}`;
	const head = ['» Status: Running', `» Streaming ${DRIVER}`, 'step 1 ✓ loss=0.90'];
	const tail = () => ['» Status: Completed', 'saved model ✓', '» Job Completed after 1m 05s.', studio()];
	const steadyOutput = () => [...head, 'step 2 ✓ loss=0.50', 'step 3 ✓ loss=0.20', ...tail()];

	it('reads to the end where Azurite answers an empty 206, fetching each byte once', async () => {
		assert.deepEqual(await stream(steadyJob(new ScriptedClock())), steadyOutput());
		assert.deepEqual(test.retries, []);
		assert.equal(servedBytes(), written);
	});

	it('takes Azure’s 416 at the end for "no new data"', async () => {
		const fault = emulator.addFault({ kind: 'rangeEnd416', path: blobPath, times: 0 });
		assert.deepEqual(await stream(steadyJob(new ScriptedClock())), steadyOutput());
		assert.ok(fault.hits >= 3, `only ${fault.hits} reads met the 416`);
		assert.deepEqual(test.retries, []);
		assert.equal(servedBytes(), written);
	});

	it('waits out 429 with Retry-After on a read that brings data', async () => {
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'status', status: 429, headers: { 'Retry-After': '2' }, path: blobPath, times: 2 }));
		assert.deepEqual(output, steadyOutput());
		assert.deepEqual(test.retries.map((r) => [r.reason, r.delayMs]), [['HTTP 429, Retry-After', 2000], ['HTTP 429, Retry-After', 2000]]);
		assert.equal(servedBytes(), written);
	});

	it('backs off on 429 without Retry-After', async () => {
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'status', status: 429, path: blobPath }));
		assert.deepEqual(output, steadyOutput());
		assert.deepEqual(test.retries.map((r) => r.reason), ['HTTP 429']);
		assert.equal(servedBytes(), written);
	});

	it('retries 500 and 503', async () => {
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'status', status: 500, path: blobPath }, { kind: 'status', status: 503, path: blobPath }));
		assert.deepEqual(output, steadyOutput());
		assert.deepEqual(test.retries.map((r) => r.reason), ['HTTP 500', 'HTTP 503']);
		assert.equal(servedBytes(), written);
	});

	it('reads again after a connection reset mid-body, losing and repeating nothing', async () => {
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'reset', path: blobPath }));
		assert.deepEqual(output, steadyOutput());
		assert.equal(added[0].hits, 1);
		assert.deepEqual(test.retries.length, 1);
	});

	it('reads again after a body cut off mid-line by a closed connection', async () => {
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'truncate', path: blobPath }));
		assert.deepEqual(output, steadyOutput());
		assert.equal(added[0].hits, 1);
		assert.deepEqual(test.retries.length, 1);
	});

	it('keeps a line that a short read cut in two until its end arrives', async () => {
		// The read after step 2 is written gets 6 bytes: "step 2" without its end.
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'partialRange', bytes: 6, path: blobPath }));
		assert.deepEqual(output, steadyOutput());
		assert.equal(added[0].hits, 1);
		assert.equal(servedBytes(), written);
	});

	it('decodes a UTF-8 character split across two reads', async () => {
		// "step 2 " is 7 bytes; 8 ends the read inside the 3 bytes of ✓.
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'partialRange', bytes: 8, path: blobPath }));
		assert.deepEqual(output, steadyOutput());
		assert.equal(added[0].hits, 1);
		assert.equal(servedBytes(), written);
	});

	it('goes on without a gap when a token expires: the core fetches a fresh one', async () => {
		let expired: ActiveFault | undefined;
		const clock = steadyJob(new ScriptedClock()).at(4000, () => {
			expired = emulator.addFault({ kind: 'expiredToken', path: '/runs/stream-run/details$' });
		});
		const output = await stream(clock);
		assert.deepEqual(output, steadyOutput());
		assert.equal(expired?.hits, 1);
		assert.equal(servedBytes(), written);
	});

	it('waits when the credential\'s fresh token is refused too, says so, and resumes without a lost line', async () => {
		const clock = steadyJob(new ScriptedClock()).at(4000, () => {
			emulator.addFault({ kind: 'expiredToken', path: '/runs/stream-run/details$', times: 2 });
		});
		const output = await stream(clock);
		const waiting = output.findIndex((line) => line.startsWith('» Waiting to retry reading the run details: Could not'));
		assert.ok(waiting > 0, output.join('\n'));
		assert.match(output[waiting], /ExpiredAuthenticationToken, HTTP 401/);
		assert.deepEqual(output.slice(waiting + 1, waiting + 2), ['» Resumed reading the run details.']);
		assert.deepEqual([...output.slice(0, waiting), ...output.slice(waiting + 2)], steadyOutput());
		assert.equal(servedBytes(), written);
	});

	it('renews expired SAS URLs from run history and goes on where it was, showing no signature', async () => {
		const output = await stream(steadyJob(new ScriptedClock(), { kind: 'expiredSas', path: blobPath, times: 0 }));
		assert.deepEqual(output, steadyOutput());
		assert.ok(added[0].hits >= 1);
		assert.ok(!output.join('\n').includes('sig='));
		assert.equal(servedBytes(), written);
	});

	it('streams a job the emulator runs, which writes each step in two pieces cut inside a character', async () => {
		const scenario = resolveScenario(emulator.context.settings.scenario, {
			statusMs: { NotStarted: 1, Queued: 1, Preparing: 1, Finalizing: 1 },
			steps: 8,
			stepMs: 150,
			lines: ['step {step}/{steps} ✓ loss=0.{step}'],
			splitWrites: true,
		});
		addJob(emulator.context, ws, 'split-run', { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:e:1' }, scenario);
		const sink = new RecordingSink();
		const session = new LogStreamSession(new AzureRunBackend(workspace), 'split-run', sink, { refreshIntervalMs: 500 });
		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'ended', status: 'Completed' });
		const lines = sink.output.filter((line) => !line.startsWith('» ')).map((line) => line.replace(/^\[[^\]]+\] /, '[time] '));
		assert.deepEqual(lines, [
			'[time] Preparing node 0: pulling image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04',
			'[time] Starting the training script on rank 0: python train.py',
			...Array.from({ length: 8 }, (_, i) => `step ${i + 1}/8 ✓ loss=0.${i + 1}`),
			'[time] Cleaning up all outstanding Run operations, waiting 300.0 seconds',
			'The activity completed successfully. Finalizing run...',
		]);
		assert.equal(emulator.context.blobs.bytesServed(ws.artifactContainer, blob('split-run')), (await emulator.context.blobs.service.getContainerClient(ws.artifactContainer).getBlobClient(blob('split-run')).getProperties()).contentLength);
	});

	it('says when the log was replaced by a new blob and streams the new one from its start', async () => {
		const clock = new ScriptedClock()
			.at(1500, () => append('step 2 ✓ loss=0.50\n'))
			.at(3000, async () => {
				await emulator.context.blobs.replace(ws.artifactContainer, blob('stream-run'), 'restarted ✓\nstep 1 ✓ loss=0.95\nstep 2 ✓ loss=0.61\nstep 3 ✓ loss=0.33\n');
			})
			.at(5000, finish);
		assert.deepEqual(await stream(clock), [
			...head,
			'step 2 ✓ loss=0.50',
			`» ${DRIVER} was replaced; reading it again from the start.`,
			'restarted ✓',
			'step 1 ✓ loss=0.95',
			'step 2 ✓ loss=0.61',
			'step 3 ✓ loss=0.33',
			'» Status: Completed',
			'» Job Completed after 1m 05s.',
			studio(),
		]);
	});

	it('says when the log was truncated (Azure’s 416 past its new end) and streams it again', async () => {
		const clock = new ScriptedClock()
			.at(1500, () => append('step 2 ✓ loss=0.50\nstep 3 ✓ loss=0.20\n'))
			.at(3000, async () => {
				await emulator.context.blobs.replace(ws.artifactContainer, blob('stream-run'), 'step 1 ✓\n');
				emulator.addFault({ kind: 'rangeEnd416', path: blobPath });
			})
			.at(5000, async () => {
				await emulator.context.blobs.append(ws.artifactContainer, blob('stream-run'), 'step 2 ✓\n');
				finish();
			});
		assert.deepEqual(await stream(clock), [
			...head,
			'step 2 ✓ loss=0.50',
			'step 3 ✓ loss=0.20',
			`» ${DRIVER} was truncated; reading it again from the start.`,
			'step 1 ✓',
			'» Status: Completed',
			'step 2 ✓',
			'» Job Completed after 1m 05s.',
			studio(),
		]);
	});
});
