import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LocalBackend } from '../../../src/core/backends/local/localBackend';
import type { LogFile, RangeRead } from '../../../src/core/backends/types';
import { LogStreamSession, type LogSink } from '../../../src/core/logs/LogStreamSession';
import { activateExtension } from '../support/extension';

const MiB = 1024 * 1024;
/** 50 MiB of 100-byte lines. */
const lineCount = (50 * MiB) / 100;
/**
 * How much the V8 heap and buffers may grow while the whole log streams: well under the log's size
 * (with whole-file reads they grow by about 170 MB). RSS is reported, not asserted: freed memory the
 * allocator has not returned yet moves it by tens of MB from run to run.
 */
const allowedGrowth = 30 * MiB;

/** Line `i` of the log, 100 bytes with its line break, so the file's size is exact. */
function logLine(i: number): string {
	return `step ${String(i).padStart(7, '0')}/${lineCount} loss=0.${String(i % 10_000).padStart(4, '0')} `.padEnd(99, '.') + '\n';
}

/** An MLflow file store holding one finished Local run whose driver log is 50 MiB, written in pieces. */
function finishedRunWithLargeLog(store: string, runId: string): void {
	const experiment = path.join(store, '1');
	const logs = path.join(experiment, runId, 'artifacts', 'azureml-logs');
	mkdirSync(logs, { recursive: true });
	writeFileSync(path.join(experiment, 'meta.yaml'), "experiment_id: '1'\nname: large-log\nlifecycle_stage: active\n");
	const now = Date.now();
	writeFileSync(path.join(experiment, runId, 'meta.yaml'), `run_id: ${runId}\nrun_name: large-log\nstatus: 3\nstart_time: ${now - 60_000}\nend_time: ${now}\nlifecycle_stage: active\n`);
	const file = openSync(path.join(logs, '70_driver_log.txt'), 'w');
	try {
		for (let first = 0; first < lineCount; first += 10_000) {
			writeSync(file, Array.from({ length: Math.min(10_000, lineCount - first) }, (_, k) => logLine(first + k)).join(''));
		}
	} finally {
		closeSync(file);
	}
}

/** V8's collector, so memory is measured without garbage the next collection would free. */
function collector(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

/**
 * The Local store's runs, with every log read followed by a measurement of what the extension host
 * holds then: after a collection, so garbage waiting for the next one is not counted. Taken while
 * the stream is in the middle of the log, it includes whatever the stream keeps of the chunks before.
 */
class MeasuredBackend extends LocalBackend {
	readonly live: NodeJS.MemoryUsage[] = [];

	constructor(
		store: string,
		private readonly gc: () => void,
	) {
		super(store);
	}

	override async listLogFiles(runId: string): Promise<LogFile[]> {
		return (await super.listLogFiles(runId)).map(({ name, reader }) => ({
			name,
			reader: {
				read: async (offset: number, signal?: AbortSignal, maxBytes?: number): Promise<RangeRead> => {
					const read = await reader.read(offset, signal, maxBytes);
					this.gc();
					this.live.push(process.memoryUsage());
					return read;
				},
			},
		}));
	}
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;
const logSize = lineCount * 100;

describe('Streaming a large log', () => {
	const runId = 'largelogrun';
	let store: string;
	let gc: () => void;

	before(async () => {
		await activateExtension();
		store = mkdtempSync(path.join(os.tmpdir(), 'azureml-large-log-'));
		finishedRunWithLargeLog(store, runId);
		gc = collector();
	});

	after(() => {
		rmSync(store, { recursive: true, force: true });
	});

	it('holds far less than a finished 50 MB log while it streams it', async function () {
		// The stream as the extension runs it, into a sink that only counts. The output channel is left
		// out: it is VS Code's, which keeps what it is given in the extension host until its log file
		// takes it, and makes the Output view load all 50 MB, which slows the tests after this one.
		const backend = new MeasuredBackend(store, gc);
		let lines = 0;
		let last = '';
		const sink: LogSink = {
			lines: (chunk) => {
				lines += chunk.length;
				// A copy: a line cut from a chunk's text would keep the whole chunk alive in the measurement.
				last = chunk.length > 0 ? Buffer.from(chunk[chunk.length - 1]).toString() : last;
			},
			notice: () => undefined,
			status: () => undefined,
		};
		gc();
		const baseline = process.memoryUsage();
		const end = await new LogStreamSession(backend, runId, sink).stream(new AbortController().signal);
		const growth = Math.max(...backend.live.map((u) => u.rss)) - baseline.rss;
		const jsGrowth = Math.max(...backend.live.map((u) => u.heapUsed + u.external)) - (baseline.heapUsed + baseline.external);
		const figure = `extension host RSS grew at most ${mb(growth)} (V8 heap and buffers ${mb(jsGrowth)}) while ${mb(logSize)} streamed in ${backend.live.length} reads`;
		console.log(figure);
		this.test!.title += ` [${figure}]`;
		assert.deepEqual(end, { reason: 'ended', status: 'Completed' });
		assert.equal(lines, lineCount);
		assert.equal(last, logLine(lineCount - 1).trimEnd());
		assert.ok(jsGrowth < allowedGrowth, figure);
	});
});
