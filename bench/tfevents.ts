// TensorBoard event files, read as the metric charts read them:
//   parse_mb_s                  scalar events in memory (the file in page cache) through the record
//                               framing (both CRC-32Cs checked) and the Event decoder, in the 4 MB
//                               chunks a ranged read gives; half PyTorch simple_value, half TF2
//                               tensor_content events;
//   events_1m_ms                1,000,000 such events → the series the panel draws (EventFileTail
//                               over an in-memory file into ScalarSeries);
//   tail_bytes_read_over_written  while a simulated job appends 100,000 events to logs/ in the Azure ML
//                               emulator (a batch every 100 ms over BENCH_TFEVENTS_SECONDS, default 30),
//                               with the log stream's faults rotating every 3 s, the MetricsFeed follows
//                               the run through the real AzureRunBackend: blob bytes served for the
//                               event file (a response a fault cut off counts in full) over bytes appended;
//   lost, duplicated            events never charted / charted more than once, when the run has ended;
//   full_redownload_bytes_read_over_written  the baseline, same run: what reading the whole file at
//                               each of the feed's polls would have read (what syncing the logs
//                               folder for `Tensorboard([run])` does), over the same bytes appended.
//   load_avg_1m                 the machine's 1-minute load average when the figures were taken: the
//                               parse and series times scale with it on a shared machine.
// Medians over BENCH_RUNS runs (default 3). Targets: ≥ 100 MB/s, ≤ 1000 ms, ≤ 1.05, 0 and 0.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureConnection } from '../src/core/azure/AzureConnection';
import { customCloud } from '../src/core/azure/clouds';
import { StaticTokenCredential } from '../src/core/azure/StaticTokenCredential';
import { AzureRunBackend } from '../src/core/backends/azure/AzureRunBackend';
import { AzureWorkspace } from '../src/core/backends/azure/AzureWorkspace';
import type { RangeRead, RangeReader } from '../src/core/backends/types';
import { silentLogger } from '../src/core/logger';
import { eventFolderId, MetricsFeed } from '../src/core/metrics/MetricsFeed';
import type { SeriesColumns } from '../src/core/metrics/SeriesColumns';
import { maskedCrc32c } from '../src/core/tfevents/crc32c';
import { EventDecoder } from '../src/core/tfevents/eventDecoder';
import { EventFileTail, eventFileChunkBytes } from '../src/core/tfevents/EventFileTail';
import { RecordFramer } from '../src/core/tfevents/RecordFramer';
import { ScalarSeries } from '../src/core/tfevents/ScalarSeries';
import { addJob } from '../test/emulator/arm/jobs';
import { seedWorkspace } from '../test/emulator/arm/workspaces';
import { AzureMlEmulator } from '../test/emulator/AzureMlEmulator';
import type { FaultSpec } from '../test/emulator/Faults';
import { setStatus } from '../test/emulator/simulator';
import { median, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const seconds = Number(process.env.BENCH_TFEVENTS_SECONDS ?? 30);
const tailEvents = 100_000;
const batchMs = 100;
const faultEveryMs = 3_000;
const blobPath = '/logs/train/events\\.out\\.tfevents\\.[^/]*$';

const rotation: readonly FaultSpec[] = [
	{ kind: 'status', status: 429, path: blobPath },
	{ kind: 'status', status: 500, path: blobPath },
	{ kind: 'status', status: 503, path: blobPath },
	{ kind: 'reset', path: blobPath },
	{ kind: 'truncate', path: blobPath },
	{ kind: 'partialRange', bytes: 1000, path: blobPath },
	{ kind: 'expiredSas', path: blobPath },
	{ kind: 'status', status: 500, path: '/details$' },
];

export async function run(): Promise<Record<string, unknown>> {
	const file = eventFile(0, 1_000_000);
	const load = loadavg()[0];
	const parse: number[] = [];
	const series: number[] = [];
	for (let i = 0; i < Math.max(runs, 3); i++) {
		parse.push(parseMbPerSecond(file));
		series.push(await eventsToSeriesMs(file));
		console.error(`run ${i + 1}: parse ${parse.at(-1)?.toFixed(0)} MB/s, 1M events → series ${series.at(-1)?.toFixed(0)} ms`);
	}
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	const tails: TailFigures[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			tails.push(await tailOnce(emulator, i));
			const t = tails.at(-1)!;
			console.error(`tail run ${i + 1}: read/written ${t.ratio.toFixed(4)}, lost ${t.lost}, duplicated ${t.duplicated}, full re-download ${t.baseline.toFixed(1)}, faults met ${t.faultsHit}`);
		}
	} finally {
		await emulator.stop();
	}
	const mid = (pick: (t: TailFigures) => number) => median(tails.map(pick));
	return {
		parse_mb_s: round(median(parse)),
		events_1m_ms: round(median(series)),
		file_mb: round(file.length / 1e6, 1),
		tail_events: tailEvents,
		seconds,
		tail_bytes_read_over_written: round(mid((t) => t.ratio), 4),
		lost: mid((t) => t.lost),
		duplicated: mid((t) => t.duplicated),
		full_redownload_bytes_read_over_written: round(mid((t) => t.baseline), 1),
		faults_met: mid((t) => t.faultsHit),
		load_avg_1m: round(load, 1),
		runs,
	};
}

// --- writing events (a little protobuf by hand, framed with the reader's own CRC) ---

function varint(out: number[], value: number): void {
	while (value >= 0x80) {
		out.push((value % 0x80) | 0x80);
		value = Math.floor(value / 0x80);
	}
	out.push(value);
}

function lengthDelimited(out: number[], field: number, body: readonly number[]): void {
	varint(out, (field << 3) | 2);
	varint(out, body.length);
	out.push(...body);
}

const scratch = new DataView(new ArrayBuffer(8));
const tagBytes = (tag: string) => Array.from(new TextEncoder().encode(tag));
const scalarsName = tagBytes('scalars');

/** Event{wall_time, step, summary{value{tag, simple_value | tensor f32 + scalars metadata}}}. */
function scalarEvent(tag: readonly number[], step: number, value: number, tensor: boolean): number[] {
	const out: number[] = [0x09];
	scratch.setFloat64(0, 1_700_000_000 + step / 100, true);
	for (let i = 0; i < 8; i++) {
		out.push(scratch.getUint8(i));
	}
	if (step !== 0) {
		out.push(0x10);
		varint(out, step);
	}
	scratch.setFloat32(0, value, true);
	const f32 = [0, 1, 2, 3].map((i) => scratch.getUint8(i));
	const summaryValue: number[] = [];
	lengthDelimited(summaryValue, 1, tag);
	if (tensor) {
		const tensorProto = [0x08, 0x01, 0x12, 0x00];
		lengthDelimited(tensorProto, 4, f32);
		lengthDelimited(summaryValue, 8, tensorProto);
		const pluginData: number[] = [];
		lengthDelimited(pluginData, 1, scalarsName);
		const metadata: number[] = [];
		lengthDelimited(metadata, 1, pluginData);
		lengthDelimited(summaryValue, 9, metadata);
	} else {
		summaryValue.push(0x15, ...f32);
	}
	const summary: number[] = [];
	lengthDelimited(summary, 1, summaryValue);
	lengthDelimited(out, 5, summary);
	return out;
}

function frame(payload: readonly number[]): Uint8Array {
	const out = new Uint8Array(12 + payload.length + 4);
	const view = new DataView(out.buffer);
	view.setUint32(0, payload.length, true);
	view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
	out.set(payload, 12);
	view.setUint32(12 + payload.length, maskedCrc32c(out.subarray(12, 12 + payload.length)), true);
	return out;
}

const tags = ['epoch_loss', 'epoch_accuracy', 'batch_loss', 'batch_accuracy'].map(tagBytes);

/** Events first..first+count-1, each with step = its number, as one run of records. */
function eventFile(first: number, count: number, tag?: readonly number[]): Uint8Array {
	const records = [];
	let size = 0;
	for (let seq = first; seq < first + count; seq++) {
		const framed = frame(scalarEvent(tag ?? tags[seq % tags.length], seq, 1 / (1 + seq / 1000), seq % 2 === 0));
		records.push(framed);
		size += framed.length;
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const r of records) {
		out.set(r, at);
		at += r.length;
	}
	return out;
}

// --- parse and series ---

function parseMbPerSecond(file: Uint8Array): number {
	let count = 0;
	const decoder = new EventDecoder({ scalar: () => count++, other: () => undefined });
	const framer = new RecordFramer({ record: (bytes, view, start, end) => decoder.decode(bytes, view, start, end), corrupt: () => undefined });
	const started = performance.now();
	for (let at = 0; at < file.length; at += eventFileChunkBytes) {
		framer.push(file.subarray(at, at + eventFileChunkBytes));
	}
	const ms = performance.now() - started;
	if (count !== 1_000_000) {
		throw new Error(`parsed ${count} scalars, not 1,000,000`);
	}
	return file.length / 1e6 / (ms / 1000);
}

class MemoryReader implements RangeReader {
	constructor(private readonly data: Uint8Array) {}
	read(offset: number, _signal?: AbortSignal, maxBytes = Infinity): Promise<RangeRead> {
		return Promise.resolve({ bytes: this.data.subarray(offset, Math.min(this.data.length, offset + maxBytes)), size: this.data.length });
	}
}

async function eventsToSeriesMs(file: Uint8Array): Promise<number> {
	const scalars = new ScalarSeries();
	const started = performance.now();
	await new EventFileTail(new MemoryReader(file), 'bench', scalars, (w) => console.error(w)).read();
	const ms = performance.now() - started;
	const points = [...scalars.series.values()].reduce((n, s) => n + s.length, 0);
	if (points !== 1_000_000) {
		throw new Error(`made ${points} points, not 1,000,000`);
	}
	return ms;
}

// --- live tail against the emulator ---

interface TailFigures {
	ratio: number;
	lost: number;
	duplicated: number;
	baseline: number;
	faultsHit: number;
}

async function tailOnce(emulator: AzureMlEmulator, index: number): Promise<TailFigures> {
	const info = emulator.info();
	const ref = { subscriptionId: info.subscriptionId, resourceGroup: 'rg-bench', workspace: `ws-tfevents-${process.pid}-${index}` };
	const ws = await seedWorkspace(emulator.context, ref);
	const connection = new AzureConnection({
		cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
		credential: new StaticTokenCredential(emulator.token),
	});
	const job = addJob(emulator.context, ws, 'bench-tfevents', { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:e:1' });
	job.endedAt = undefined;
	setStatus(job, 'Running');
	const blob = 'ExperimentRun/dcid.bench-tfevents/logs/train/events.out.tfevents.1700000000.bench.1.0.v2';
	await emulator.context.blobs.append(ws.artifactContainer, blob, '');
	job.logBlobs.add(blob);

	let written = 0;
	let fullRedownload = 0;
	const backend = new AzureRunBackend(new AzureWorkspace(connection, ref));
	const listEventFiles = backend.listEventFiles.bind(backend);
	// What a full re-download per poll reads: the whole file as it is when the poll starts.
	backend.listEventFiles = (runId, signal) => {
		fullRedownload += written;
		return listEventFiles(runId, signal);
	};
	let columns: SeriesColumns | undefined;
	const feed = new MetricsFeed(
		[{ id: 'run', backend, runId: 'bench-tfevents' }],
		{
			onRunState: () => undefined,
			onSeries: (id, key, _change, c) => {
				if (id === eventFolderId('run', 'logs/train') && key === 'loss') {
					columns = c;
				}
			},
		},
		{ logger: silentLogger, intervalMs: 1000 },
	);

	emulator.clearFaults();
	emulator.addFault({ kind: 'rangeEnd416', path: blobPath, times: 0 });
	const faults = [];
	await feed.start();
	const start = performance.now();
	const batches = Math.round((seconds * 1000) / batchMs);
	const perBatch = Math.ceil(tailEvents / batches);
	let nextFault = faultEveryMs;
	const lossTag = tagBytes('loss');
	for (let b = 0, seq = 0; seq < tailEvents; b++) {
		await sleep(Math.max(0, start + b * batchMs - performance.now()));
		if (performance.now() - start >= nextFault) {
			faults.push(emulator.addFault(rotation[faults.length % rotation.length]));
			nextFault += faultEveryMs;
		}
		const count = Math.min(perBatch, tailEvents - seq);
		const bytes = eventFile(seq, count, lossTag);
		// A writer's flush can end mid-record: cut each batch's write in two at an odd place.
		const cut = Math.floor(bytes.length / 2) + 3;
		await emulator.context.blobs.append(ws.artifactContainer, blob, bytes.subarray(0, cut));
		await emulator.context.blobs.append(ws.artifactContainer, blob, bytes.subarray(cut));
		written += bytes.length;
		seq += count;
	}
	setStatus(job, 'Completed');
	while (feed.isPolling) {
		await sleep(50);
	}
	feed.dispose();
	emulator.clearFaults();

	const seen = new Uint16Array(tailEvents);
	for (const step of columns?.steps ?? []) {
		seen[step]++;
	}
	let lost = 0;
	let duplicated = 0;
	for (const n of seen) {
		lost += n === 0 ? 1 : 0;
		duplicated += Math.max(0, n - 1);
	}
	return {
		ratio: emulator.context.blobs.bytesServed(ws.artifactContainer, blob) / written,
		lost,
		duplicated,
		baseline: fullRedownload / written,
		faultsHit: faults.filter((f) => f.hits > 0).length,
	};
}
