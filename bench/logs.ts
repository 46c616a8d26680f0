// Live log streaming against the Azure ML emulator and Azurite, through the real AzureRunBackend and
// LogStreamSession: a simulated job appends 100,000 sequence-numbered lines to its driver log at a
// steady rate (a batch every 100 ms over BENCH_LOG_SECONDS, default 45 s) while faults hit the
// stream: Azure's 416 at every end of the blob, and every 3 s one of 429 without Retry-After, 500,
// 503, a reset mid-body, a body cut short, a short read, an expired SAS, a 500 from run history.
//   latency_p50_ms, latency_p95_ms  a line's append finished → the stream emitted it;
//   lost, duplicated                lines never emitted / emitted more than once;
//   bytes_read_over_bytes_written   body bytes the blob proxy served for the log (a response a
//                                   fault cut off counts in full) over the bytes appended;
//   az_ml_latency_p95_ms            the same appends under the `az ml job stream` schedule
//                                   (azureml-protocol.md §3: a poll after 2 s, then sleeps of
//                                   max(2, 60 / (1 + 100·e^(−t/20))) s), each line printed at the
//                                   first poll after its append, download time left out;
//   az_ml_bytes_read_over_bytes_written  the whole file it downloads at every poll, over the same.
// Medians over BENCH_RUNS runs (default 3). Targets: lost 0, duplicated 0, p95 ≤ 2 s, bytes ≤ 1.05×.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureConnection } from '../src/core/azure/AzureConnection';
import { customCloud } from '../src/core/azure/clouds';
import { StaticTokenCredential } from '../src/core/azure/StaticTokenCredential';
import { AzureRunBackend } from '../src/core/backends/azure/AzureRunBackend';
import { AzureWorkspace } from '../src/core/backends/azure/AzureWorkspace';
import { LogStreamSession } from '../src/core/logs/LogStreamSession';
import { azMlPollIntervalSeconds } from '../src/core/logs/pollSchedule';
import { addJob } from '../test/emulator/arm/jobs';
import { seedWorkspace } from '../test/emulator/arm/workspaces';
import { AzureMlEmulator } from '../test/emulator/AzureMlEmulator';
import type { FaultSpec } from '../test/emulator/Faults';
import { setStatus } from '../test/emulator/simulator';
import { median, percentile, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const seconds = Number(process.env.BENCH_LOG_SECONDS ?? 45);
const totalLines = 100_000;
const batchMs = 100;
const faultEveryMs = 3_000;
const blobPath = '/azureml-logs/70_driver_log\\.txt$';

/** What the faults rotate through, one every few seconds. */
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

interface RunFigures {
	p50: number;
	p95: number;
	lost: number;
	duplicated: number;
	bytesRatio: number;
	azMlP95: number;
	azMlBytesRatio: number;
	faultsHit: number;
}

export async function run(): Promise<Record<string, unknown>> {
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	try {
		const results: RunFigures[] = [];
		for (let i = 0; i < runs; i++) {
			const figures = await once(emulator, i);
			results.push(figures);
			console.error(
				`run ${i + 1}: p50 ${figures.p50.toFixed(0)} ms, p95 ${figures.p95.toFixed(0)} ms, lost ${figures.lost}, duplicated ${figures.duplicated}, ` +
					`read/written ${figures.bytesRatio.toFixed(4)}, az ml p95 ${figures.azMlP95.toFixed(0)} ms, faults met ${figures.faultsHit}`,
			);
		}
		const mid = (pick: (r: RunFigures) => number) => median(results.map(pick));
		return {
			lines: totalLines,
			seconds,
			latency_p50_ms: round(mid((r) => r.p50)),
			latency_p95_ms: round(mid((r) => r.p95)),
			lost: mid((r) => r.lost),
			duplicated: mid((r) => r.duplicated),
			bytes_read_over_bytes_written: round(mid((r) => r.bytesRatio), 4),
			az_ml_latency_p95_ms: round(mid((r) => r.azMlP95)),
			az_ml_bytes_read_over_bytes_written: round(mid((r) => r.azMlBytesRatio), 1),
			faults_met: mid((r) => r.faultsHit),
			runs,
		};
	} finally {
		await emulator.stop();
	}
}

async function once(emulator: AzureMlEmulator, index: number): Promise<RunFigures> {
	const info = emulator.info();
	const ref = { subscriptionId: info.subscriptionId, resourceGroup: 'rg-bench', workspace: `ws-bench-${process.pid}-${index}` };
	const ws = await seedWorkspace(emulator.context, ref);
	const connection = new AzureConnection({
		cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
		credential: new StaticTokenCredential(emulator.token),
	});
	const job = addJob(emulator.context, ws, 'bench-run', { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:e:1' });
	job.endedAt = undefined;
	setStatus(job, 'Running');
	const blob = 'ExperimentRun/dcid.bench-run/azureml-logs/70_driver_log.txt';
	await emulator.context.blobs.append(ws.artifactContainer, blob, '');
	job.logBlobs.add(blob);

	const appendedAt = new Float64Array(totalLines);
	const emittedAt = new Float64Array(totalLines);
	const emitted = new Uint16Array(totalLines);
	const session = new LogStreamSession(new AzureRunBackend(new AzureWorkspace(connection, ref)), 'bench-run', {
		lines: (lines) => {
			const now = performance.now();
			for (const line of lines) {
				const seq = Number(/^seq (\d+) /.exec(line)?.[1] ?? -1);
				if (seq >= 0 && seq < totalLines) {
					emittedAt[seq] ||= now;
					emitted[seq]++;
				}
			}
		},
		notice: () => undefined,
		status: () => undefined,
	});

	emulator.clearFaults();
	emulator.addFault({ kind: 'rangeEnd416', path: blobPath, times: 0 });
	const faults = [];
	const start = performance.now();
	const streaming = session.stream(new AbortController().signal);

	const batches = Math.round((seconds * 1000) / batchMs);
	const perBatch = Math.ceil(totalLines / batches);
	const sizeAt: { at: number; size: number }[] = [];
	let written = 0;
	let nextFault = faultEveryMs;
	for (let b = 0, seq = 0; seq < totalLines; b++) {
		const due = start + b * batchMs;
		await sleep(Math.max(0, due - performance.now()));
		if (performance.now() - start >= nextFault) {
			faults.push(emulator.addFault(rotation[faults.length % rotation.length]));
			nextFault += faultEveryMs;
		}
		const first = seq;
		let text = '';
		for (; seq < Math.min(totalLines, first + perBatch); seq++) {
			text += `seq ${String(seq).padStart(6, '0')} ✓ epoch ${1 + Math.floor(seq / 10_000)} loss=${(1 / (1 + seq / 1000)).toFixed(6)}\n`;
		}
		await emulator.context.blobs.append(ws.artifactContainer, blob, text);
		const now = performance.now();
		appendedAt.fill(now, first, seq);
		written += Buffer.byteLength(text);
		sizeAt.push({ at: now - start, size: written });
	}
	setStatus(job, 'Completed');
	const end = await streaming;
	if (end.reason !== 'ended') {
		throw new Error(`the stream ended early: ${JSON.stringify(end)}`);
	}
	emulator.clearFaults();

	const latencies: number[] = [];
	let lost = 0;
	let duplicated = 0;
	for (let seq = 0; seq < totalLines; seq++) {
		if (emitted[seq] === 0) {
			lost++;
		} else {
			duplicated += emitted[seq] - 1;
			latencies.push(emittedAt[seq] - appendedAt[seq]);
		}
	}
	const azMl = azMlSchedule(appendedAt, start, sizeAt);
	return {
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		lost,
		duplicated,
		bytesRatio: emulator.context.blobs.bytesServed(ws.artifactContainer, blob) / written,
		azMlP95: percentile(azMl.latencies, 95),
		azMlBytesRatio: azMl.bytesRead / written,
		faultsHit: faults.filter((f) => f.hits > 0).length,
	};
}

/**
 * The same appends under `az ml job stream`'s polls: it fetches the details once, then sleeps
 * `azMlPollIntervalSeconds(t)` (t = seconds since it started) before each poll, and downloads and
 * prints the whole file at every poll. A line shows at the first poll after its append.
 */
function azMlSchedule(appendedAt: Float64Array, start: number, sizeAt: readonly { at: number; size: number }[]): { latencies: number[]; bytesRead: number } {
	const lastAppend = sizeAt.at(-1)?.at ?? 0;
	const polls: number[] = [];
	for (let t = 0; t < lastAppend; ) {
		t += azMlPollIntervalSeconds(t / 1000) * 1000;
		polls.push(t);
	}
	const latencies: number[] = [];
	let p = 0;
	for (const appended of appendedAt) {
		const at = appended - start;
		while (polls[p] < at) {
			p++;
		}
		latencies.push(polls[p] - at);
	}
	let bytesRead = 0;
	let s = 0;
	for (const poll of polls) {
		while (s + 1 < sizeAt.length && sizeAt[s + 1].at <= poll) {
			s++;
		}
		bytesRead += sizeAt[s].at <= poll ? sizeAt[s].size : 0;
	}
	return { latencies, bytesRead };
}
