import * as assert from 'node:assert/strict';
import type { JobStatus, RangeReader } from '../../../../src/core/backends/types';
import { LogStreamSession, type LogStreamOptions } from '../../../../src/core/logs/LogStreamSession';
import type { RunStatusFeed, RunStatusListener } from '../../../../src/core/runs/RunStatusHub';
import { FakeClock, FakeJob, httpError, type MemoryLog, RecordingSink } from './fakes';

const DRIVER = 'azureml-logs/70_driver_log.txt';
const RANK0 = 'user_logs/std_log_process_0.txt';
const RANK1 = 'user_logs/std_log_process_1.txt';

function streamer(job: FakeJob, clock: FakeClock, options: LogStreamOptions = {}) {
	const sink = new RecordingSink(clock);
	const session = new LogStreamSession(job, job.runId, sink, { clock, ...options });
	return { sink, session };
}

describe('LogStreamSession', () => {
	it('streams lines as they are appended, follows the status and ends with a summary after the final drain', async () => {
		const job = new FakeJob();
		const log = job.file(DRIVER, 'epoch 1\n');
		const clock = new FakeClock()
			.at(2500, () => log.append('epoch 2\nepo'))
			.at(4000, () => log.append('ch 3\n'))
			.at(9000, () => {
				log.append('exit code 0');
				job.status = 'Completed';
				job.details = { startedAt: 0, endedAt: 9000, studioUrl: 'https://ml.azure.com/runs/job-1?wsid=/subscriptions/s' };
			});
		const { sink, session } = streamer(job, clock);

		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'ended', status: 'Completed' });
		assert.deepEqual(sink.output, [
			'» Status: Running',
			`» Streaming ${DRIVER}`,
			'epoch 1',
			'epoch 2',
			'epoch 3',
			'» Status: Completed',
			'exit code 0',
			'» Job Completed after 9s.',
			'» Studio: https://ml.azure.com/runs/job-1?wsid=/subscriptions/s',
		]);
		assert.deepEqual(sink.statuses, ['Running', 'Completed']);
		// 1 s after data, ×1.5 while quiet, back to 1 s when data comes.
		assert.deepEqual(clock.sleeps, [1000, 1500, 1000, 1500, 1000, 1500, 2250, 1000]);
		assert.equal(sink.arrivals.get('epoch 2'), 2500);
		assert.equal(sink.arrivals.get('epoch 3'), 5000);
		assert.equal(log.bytesServed, log.size);
	});

	it('prints the whole log and the summary of a job that already finished, without waiting', async () => {
		const job = new FakeJob();
		job.status = 'Failed';
		job.details = {
			startedAt: 1_000,
			endedAt: 66_000,
			error: 'ValueError: bad learning rate',
			warnings: ['Low disk space'],
			studioUrl: 'https://ml.azure.com/runs/job-1',
		};
		const log = job.file(DRIVER, 'loading data\ntraining\nTraceback (most recent call last):\nValueError: bad learning rate');
		log.maxChunk = 7; // the drain takes many reads
		const clock = new FakeClock();
		const { sink, session } = streamer(job, clock);

		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'ended', status: 'Failed' });
		assert.deepEqual(sink.output, [
			'» Status: Failed',
			`» Streaming ${DRIVER}`,
			'loading data',
			'training',
			'Traceback (most recent call last):',
			'ValueError: bad learning rate',
			'» Job Failed after 1m 05s.',
			'» Error: ValueError: bad learning rate',
			'» Warning: Low disk space',
			'» Studio: https://ml.azure.com/runs/job-1',
		]);
		assert.deepEqual(clock.sleeps, []);
		assert.equal(log.bytesServed, log.size);
	});

	it('survives transient failures of details, list and reads, saying so, with no line lost or repeated', async () => {
		const job = new FakeJob();
		job.getRunFailures.push(httpError(503, 'Service Unavailable'));
		const log = job.file(DRIVER, 'l1\nl2\n');
		const clock = new FakeClock()
			.at(2000, () => {
				log.append('l3\nl4\n');
				log.failNext(new Error('read ECONNRESET'), httpError(500, 'Internal Server Error'));
			})
			.at(3000, () => job.listFailures.push(httpError(502, 'Bad Gateway')))
			.at(6000, () => (job.status = 'Completed'));
		const { sink, session } = streamer(job, clock);

		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'ended', status: 'Completed' });
		assert.deepEqual(sink.output, [
			'» Waiting to retry reading the run details: Service Unavailable',
			'» Resumed reading the run details.',
			'» Status: Running',
			`» Streaming ${DRIVER}`,
			'l1',
			'l2',
			`» Waiting to retry reading ${DRIVER}: read ECONNRESET`,
			'» Waiting to retry listing the log files: Bad Gateway',
			'» Status: Completed',
			'» Resumed listing the log files.',
			`» Resumed reading ${DRIVER}.`,
			'l3',
			'l4',
			'» Job Completed.',
		]);
		assert.deepEqual(log.offsets, [0, 6, 6, 6, 12]);
	});

	it('stops with a clear message on a permanent error', async () => {
		const missing = new FakeJob();
		missing.getRunFailures.push(Object.assign(new Error('Job job-1 was not found in workspace ws.'), { kind: 'notFound' }));
		const first = streamer(missing, new FakeClock());
		assert.deepEqual(await first.session.stream(new AbortController().signal), {
			reason: 'failed',
			message: 'Job job-1 was not found in workspace ws.',
		});
		assert.deepEqual(first.sink.output, ['» Streaming stopped: Job job-1 was not found in workspace ws.']);

		const job = new FakeJob();
		job.file(DRIVER, 'started\n');
		const clock = new FakeClock().at(4000, () => job.getRunFailures.push(httpError(401, 'Unauthorized: the token expired and could not be renewed')));
		const second = streamer(job, clock);
		assert.equal((await second.session.stream(new AbortController().signal)).reason, 'failed');
		assert.deepEqual(second.sink.output, [
			'» Status: Running',
			`» Streaming ${DRIVER}`,
			'started',
			'» Streaming stopped: Unauthorized: the token expired and could not be renewed',
		]);
	});

	it('says when the log was rewritten and reads it again from the start', async () => {
		const job = new FakeJob();
		const log = job.file(DRIVER, 'a\nb\n');
		const clock = new FakeClock()
			.at(500, () => log.rewrite('A\nB\nC\n'))
			.at(1500, () => log.truncate('x\n'))
			.at(3000, () => (job.status = 'Completed'));
		const { sink, session } = streamer(job, clock, { refreshIntervalMs: 2000 });

		await session.stream(new AbortController().signal);
		assert.deepEqual(sink.output, [
			'» Status: Running',
			`» Streaming ${DRIVER}`,
			'a',
			'b',
			`» ${DRIVER} was replaced; reading it again from the start.`,
			'A',
			'B',
			'C',
			`» ${DRIVER} was truncated; reading it again from the start.`,
			'x',
			'» Status: Completed',
			'» Job Completed.',
		]);
	});

	it('streams chosen files instead or in addition, at once, prefixing lines with their rank while several stream', async () => {
		const job = new FakeJob();
		const rank0 = job.file(RANK0, 'r0 a\n');
		const rank1 = job.file(RANK1, 'r1 a\nr1 b\n');
		const clock = new FakeClock();
		const { sink, session } = streamer(job, clock);
		clock
			.at(3000, () => session.choose([RANK0, RANK1]))
			.at(4500, () => rank0.append('r0 b\n'))
			.at(6000, () => session.choose([RANK1]))
			.at(7000, () => {
				rank1.append('r1 c\n');
				rank0.append('r0 c\n');
				job.status = 'Completed';
			});

		await session.stream(new AbortController().signal);
		assert.deepEqual(sink.output, [
			'» Status: Running',
			`» Streaming ${RANK0}`,
			'r0 a',
			`» Streaming ${RANK1}`,
			'[rank 1] r1 a',
			'[rank 1] r1 b',
			'[rank 0] r0 b',
			`» Stopped streaming ${RANK0}.`,
			'r1 c',
			'» Status: Completed',
			'» Job Completed.',
		]);
		// Choosing wakes the stream up rather than waiting out the back-off.
		assert.equal(sink.arrivals.get('[rank 1] r1 a'), 3000);
		assert.deepEqual(session.streamedFiles, [RANK1]);
	});

	it('waits for a log file to appear, refreshing the list at its slower cadence', async () => {
		const job = new FakeJob();
		job.status = 'Queued';
		const clock = new FakeClock()
			.at(3000, () => (job.status = 'Running'))
			.at(7000, () => job.file('user_logs/std_log.txt', 'hello\n'))
			.at(8000, () => (job.status = 'Completed'));
		const { sink, session } = streamer(job, clock);

		await session.stream(new AbortController().signal);
		assert.deepEqual(sink.output, [
			'» Status: Queued',
			'» Waiting for the job to write its log (azureml-logs/70_driver_log.txt or user_logs/std_log.txt).',
			'» Status: Running',
			'» Streaming user_logs/std_log.txt',
			'hello',
			'» Status: Completed',
			'» Job Completed.',
		]);
		assert.deepEqual(clock.sleeps, [1500, 2250, 3375, 1000, 1500, 2250, 3375]);
		assert.equal(job.getRunCalls, 3);
		assert.equal(job.listCalls, 3);
	});

	it('replaces an expired SAS URL from a new file list and goes on where it was, redacting the signature', async () => {
		const job = new FakeJob();
		const log = job.file(DRIVER, 'a\n');
		const clock = new FakeClock();
		// The first list's URL expires after 3 s; the next list brings one that outlives the test.
		job.wrapReader = (_name, file) => (job.listCalls === 1 ? expiringReader(file, clock, 3000) : file);
		clock.at(4000, () => log.append('b\n')).at(9000, () => (job.status = 'Completed'));
		const { sink, session } = streamer(job, clock);

		await session.stream(new AbortController().signal);
		assert.deepEqual(sink.output, [
			'» Status: Running',
			`» Streaming ${DRIVER}`,
			'a',
			`» Waiting to retry reading ${DRIVER}: GET https://acct.blob.core.windows.net/logs/70_driver_log.txt?se=3000&sig=REDACTED failed: 403 AuthenticationFailed`,
			`» Resumed reading ${DRIVER}.`,
			'b',
			'» Status: Completed',
			'» Job Completed.',
		]);
		assert.equal(log.bytesServed, log.size);
	});

	it('redacts secrets in log lines', async () => {
		const job = new FakeJob();
		job.status = 'Completed';
		job.file(DRIVER, 'download https://acct.blob.core.windows.net/c/data.csv?sv=2021-08-06&sig=c2VjcmV0\n');
		const { sink, session } = streamer(job, new FakeClock());
		await session.stream(new AbortController().signal);
		assert.equal(sink.output[2], 'download https://acct.blob.core.windows.net/c/data.csv?sv=2021-08-06&sig=REDACTED');
	});

	it('shows the numbered legacy logs of a job that ended before writing a driver log, or says there is none', async () => {
		const job = new FakeJob();
		job.status = 'Failed';
		job.details = { error: 'Image build failed' };
		job.file('azureml-logs/20_image_build_log.txt', 'Step 1/9\nERROR: No matching distribution found for torch==9.9\n');
		job.file('system_logs/lifecycler/lifecycler.log', 'lifecycler started\n');
		const first = streamer(job, new FakeClock());
		await first.session.stream(new AbortController().signal);
		assert.deepEqual(first.sink.output, [
			'» Status: Failed',
			'» Streaming azureml-logs/20_image_build_log.txt',
			'Step 1/9',
			'ERROR: No matching distribution found for torch==9.9',
			'» Job Failed.',
			'» Error: Image build failed',
		]);

		job.files.delete('azureml-logs/20_image_build_log.txt');
		const second = streamer(job, new FakeClock());
		await second.session.stream(new AbortController().signal);
		assert.deepEqual(second.sink.output, [
			'» Status: Failed',
			'» The job wrote no driver or user log; it has 1 other log file(s) to choose from.',
			'» Job Failed.',
			'» Error: Image build failed',
		]);
	});

	it('stops at once when aborted', async () => {
		const job = new FakeJob();
		job.file(DRIVER, 'x\n');
		const controller = new AbortController();
		const clock = new FakeClock().at(2000, () => controller.abort());
		const { sink, session } = streamer(job, clock);
		assert.deepEqual(await session.stream(controller.signal), { reason: 'stopped' });
		assert.deepEqual(sink.output, ['» Status: Running', `» Streaming ${DRIVER}`, 'x', '» Streaming stopped.']);
		assert.equal(clock.now(), 2000);
	});

	it('keeps every line within a second of its append while a job writes steadily, reading each byte once', async () => {
		const job = new FakeJob();
		// A first line already there, so polling starts at its fast rate.
		const log = job.file(DRIVER, 'start\n');
		const clock = new FakeClock();
		const appendedAt = new Map<string, number>();
		for (let i = 0; i < 300; i++) {
			const at = 50 + i * 700;
			// Lines are appended in pieces, so some polls see half a line.
			clock.at(at, () => log.append(`line ${i} `)).at(at + 200, () => log.append(`of 300\n`));
			appendedAt.set(`line ${i} of 300`, at + 200);
		}
		clock.at(50 + 300 * 700, () => (job.status = 'Completed'));
		const { sink, session } = streamer(job, clock);

		await session.stream(new AbortController().signal);
		const lines = sink.output.filter((l) => !l.startsWith('»'));
		assert.deepEqual(lines, ['start', ...appendedAt.keys()]);
		for (const [line, at] of appendedAt) {
			const latency = sink.arrivals.get(line)! - at;
			assert.ok(latency >= 0 && latency <= 1000, `${line}: ${latency} ms`);
		}
		assert.equal(log.bytesServed, log.size);
	});
});

/** A reader whose SAS URL stops working at `expiresAt`, failing as storage does with the URL in the message. */
function expiringReader(log: MemoryLog, clock: FakeClock, expiresAt: number): RangeReader {
	return {
		read: (offset) =>
			clock.now() > expiresAt
				? Promise.reject(
						httpError(403, `GET https://acct.blob.core.windows.net/logs/70_driver_log.txt?se=${expiresAt}&sig=c2lnbmF0dXJl failed: 403 AuthenticationFailed`),
					)
				: log.read(offset),
	};
}

describe('LogStreamSession on a shared status poll', () => {
	it('reads the log when a poll wakes it, with the poll\'s file list, and makes no status request of its own', async () => {
		const job = new FakeJob();
		const log = job.file(DRIVER, 'line 1\n');
		let listener: RunStatusListener | undefined;
		const feed: RunStatusFeed = { subscribe: (l) => ((listener = l), { dispose: () => (listener = undefined) }), intervalMs: 5_000 };
		const poll = (status: JobStatus) => listener?.onRun({ id: job.runId, experiment: 'e', status, warnings: [], params: {}, tags: {}, logFiles: [{ name: DRIVER, reader: log }] });
		const clock = new FakeClock()
			.at(1, () => poll('Running'))
			.at(5_000, () => {
				log.append('line 2\n');
				poll('Running');
			})
			.at(10_000, () => {
				log.append('line 3\n');
				poll('Completed');
			});
		const { sink, session } = streamer(job, clock, { status: feed });
		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'ended', status: 'Completed' });
		assert.deepEqual(sink.output.filter((l) => !l.startsWith('»')), ['line 1', 'line 2', 'line 3']);
		assert.equal(job.getRunCalls, 0);
		assert.equal(job.listCalls, 0);
		// One read per poll, and one more that finds the end of the finished log.
		assert.equal(log.offsets.length, 4);
		assert.equal(listener, undefined, 'unsubscribed when the stream ended');
	});

	it('ends when the poll fails for good (the job is gone)', async () => {
		const job = new FakeJob();
		let listener: RunStatusListener | undefined;
		const feed: RunStatusFeed = { subscribe: (l) => ((listener = l), { dispose: () => (listener = undefined) }), intervalMs: 5_000 };
		const clock = new FakeClock().at(1, () => listener?.onError?.(httpError(404, 'Run job-1 was not found'), 1));
		const { session } = streamer(job, clock, { status: feed });
		assert.deepEqual(await session.stream(new AbortController().signal), { reason: 'failed', message: 'Run job-1 was not found' });
	});
});
