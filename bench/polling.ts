// Requests per minute that watching running jobs costs, against the Azure ML emulator through the
// real AzureRunBackend: each job is shown in the tree, its log streams and its metric chart is open
// (visible), while the emulator's simulated job logs a line and three metrics every BENCH_STEP_MS
// (default 2 s). Measured for 1 and for 10 jobs, two ways in the same run:
//   shared    the extension's wiring: one RunStatusHub poll per run feeds the tree's watcher, the
//             log stream and the chart; the chart fetches a history only when runs/get shows that
//             metric moved; the log tail reads between polls only while bytes keep arriving;
//   unshared  the baseline: each view polls on its own (the tree's getRun every 5 s, the stream's
//             own status and file list every 5 s, the chart's own refresh every 3 s).
// Every request the emulator serves counts (ARM, run history, MLflow, log blob reads), over a
// BENCH_POLL_SECONDS window (default 30 s) after the views' first load; medians over BENCH_RUNS
// runs (default 3). Targets (shared): ≤ 60 per minute for one job, ≤ 200 for ten.
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureConnection } from '../src/core/azure/AzureConnection';
import { customCloud } from '../src/core/azure/clouds';
import { StaticTokenCredential } from '../src/core/azure/StaticTokenCredential';
import { AzureRunBackend } from '../src/core/backends/azure/AzureRunBackend';
import { AzureWorkspace } from '../src/core/backends/azure/AzureWorkspace';
import type { RunBackend } from '../src/core/backends/types';
import { silentLogger } from '../src/core/logger';
import { LogStreamSession } from '../src/core/logs/LogStreamSession';
import { MetricsFeed } from '../src/core/metrics/MetricsFeed';
import { RunStatusHub } from '../src/core/runs/RunStatusHub';
import { addJob } from '../test/emulator/arm/jobs';
import { seedWorkspace } from '../test/emulator/arm/workspaces';
import { AzureMlEmulator } from '../test/emulator/AzureMlEmulator';
import { interactiveScenario, resolveScenario } from '../test/emulator/scenario';
import { median, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const seconds = Number(process.env.BENCH_POLL_SECONDS ?? 30);
const stepMs = Number(process.env.BENCH_STEP_MS ?? 2_000);
/** Time for the views' first load (every history, the log so far) before counting starts. */
const warmupMs = 6_000;

type Mode = 'shared' | 'unshared';

export async function run(): Promise<Record<string, unknown>> {
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	try {
		const figures: Record<string, number[]> = {};
		for (let i = 0; i < runs; i++) {
			for (const jobs of [1, 10]) {
				for (const mode of ['shared', 'unshared'] as const) {
					const perMinute = await once(emulator, jobs, mode, `${i}-${jobs}-${mode}`);
					(figures[`${mode}_${jobs}`] ??= []).push(perMinute);
					console.error(`run ${i + 1}: ${jobs} job(s), ${mode}: ${perMinute.toFixed(1)} requests/min`);
				}
			}
		}
		const mid = (key: string) => median(figures[key] ?? []);
		return {
			step_ms: stepMs,
			seconds,
			requests_per_min_1_job: round(mid('shared_1')),
			requests_per_min_10_jobs: round(mid('shared_10')),
			unshared_requests_per_min_1_job: round(mid('unshared_1')),
			unshared_requests_per_min_10_jobs: round(mid('unshared_10')),
			ratio_1_job: round(mid('shared_1') / mid('unshared_1'), 3),
			ratio_10_jobs: round(mid('shared_10') / mid('unshared_10'), 3),
			runs,
		};
	} finally {
		await emulator.stop();
	}
}

async function once(emulator: AzureMlEmulator, jobs: number, mode: Mode, tag: string): Promise<number> {
	const info = emulator.info();
	const ref = { subscriptionId: info.subscriptionId, resourceGroup: 'rg-bench', workspace: `ws-poll-${process.pid}-${tag}` };
	const ws = await seedWorkspace(emulator.context, ref);
	const scenario = resolveScenario(interactiveScenario, { statusMs: { NotStarted: 10, Queued: 10, Preparing: 10 }, steps: 100_000, stepMs });
	const names = Array.from({ length: jobs }, (_, j) => `poll-${tag}-${j}`);
	const states = names.map((name) => addJob(emulator.context, ws, name, { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:e:1' }, scenario));
	const connection = new AzureConnection({
		cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
		credential: new StaticTokenCredential(emulator.token),
	});
	const backend = new AzureRunBackend(new AzureWorkspace(connection, ref));
	const abort = new AbortController();
	const stops: (() => void)[] = [];
	const streams: Promise<unknown>[] = [];
	const sink = { lines: () => undefined, notice: () => undefined, status: () => undefined };
	const charts = { onRunState: () => undefined, onSeries: () => undefined };
	// The old tree watcher called getRun on every tick: a backend without the cheaper pollRun.
	const treeBackend: RunBackend = mode === 'shared' ? backend : withoutPollRun(backend);
	const hub = new RunStatusHub();
	const treeHub = mode === 'shared' ? hub : new RunStatusHub();
	for (const name of names) {
		const tree = treeHub.watch(treeBackend, name, { onRun: () => undefined });
		const status = mode === 'shared' ? hub.feed(backend, name) : undefined;
		const session = new LogStreamSession(backend, name, sink, { status });
		streams.push(session.stream(abort.signal));
		const feed = new MetricsFeed([{ id: name, backend, runId: name, status }], charts, { logger: silentLogger });
		void feed.start();
		stops.push(() => tree.dispose(), () => feed.dispose());
	}
	await sleep(warmupMs);
	emulator.clearRequests();
	const started = Date.now();
	await sleep(seconds * 1000);
	const served = emulator.requests().filter((r) => !r.path.startsWith('/_emulator')).length;
	const elapsed = Date.now() - started;
	abort.abort();
	for (const stop of stops) {
		stop();
	}
	hub.dispose();
	treeHub.dispose();
	await Promise.all(streams);
	for (const state of states) {
		state.stop?.();
	}
	return (served / elapsed) * 60_000;
}

function withoutPollRun(backend: AzureRunBackend): RunBackend {
	return {
		kind: backend.kind,
		workspaceId: `${backend.workspaceId}#tree`,
		listRuns: (options, signal) => backend.listRuns(options, signal),
		getRun: (runId, signal) => backend.getRun(runId, signal),
		listLogFiles: (runId, signal) => backend.listLogFiles(runId, signal),
		listEventFiles: (runId, signal) => backend.listEventFiles(runId, signal),
		listMetricKeys: (runId, signal) => backend.listMetricKeys(runId, signal),
		getMetricHistory: (runId, key, signal) => backend.getMetricHistory(runId, key, signal),
		cancel: (runId, signal) => backend.cancel(runId, signal),
	};
}
