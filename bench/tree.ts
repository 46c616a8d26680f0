// The Azure tree against the emulator: how long a level takes to show and how many requests it
// costs, at 0 ms and at 100 ms added latency per request. Figures (medians over BENCH_RUNS):
// first_level_ms (a subscription's workspaces), jobs_page_ms (the first page of a workspace with
// 10,000 jobs) and requests_per_level. Targets: one request per level; first level ≤ 150 ms at
// 0 ms latency; a jobs page ≤ 300 ms with 10,000 jobs; one page per user action.
import { customCloud } from '../src/core/azure/clouds';
import { AzureConnection } from '../src/core/azure/AzureConnection';
import { StaticTokenCredential } from '../src/core/azure/StaticTokenCredential';
import { listSubscriptions } from '../src/core/azure/subscriptions';
import { AzureRunBackend } from '../src/core/backends/azure/AzureRunBackend';
import { AzureWorkspace } from '../src/core/backends/azure/AzureWorkspace';
import { listWorkspaces } from '../src/core/backends/azure/workspaces';
import { seedWorkspace } from '../test/emulator/arm/workspaces';
import { AzureMlEmulator } from '../test/emulator/AzureMlEmulator';
import { seedJobs } from '../test/emulator/seed';
import { median, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const jobCount = 10_000;

interface Level {
	ms: number;
	requests: number;
}

export async function run(): Promise<Record<string, unknown>> {
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	try {
		const info = emulator.info();
		const ref = { subscriptionId: info.subscriptionId, resourceGroup: 'rg-bench', workspace: 'ws-bench' };
		const state = await seedWorkspace(emulator.context, ref);
		seedJobs(emulator.context, state, jobCount, 'bench');
		const figures: Record<string, unknown> = { jobs: jobCount, runs };
		for (const latencyMs of [0, 100]) {
			emulator.clearFaults();
			if (latencyMs > 0) {
				emulator.addFault({ kind: 'latency', latencyMs, times: 0 });
			}
			// What the tree holds once signed in: one connection, its token already fetched.
			const connection = new AzureConnection({
				cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
				credential: new StaticTokenCredential(emulator.token),
			});
			await listSubscriptions(connection);
			const subscriptions: Level[] = [];
			const workspaces: Level[] = [];
			const jobs: Level[] = [];
			const more: Level[] = [];
			for (let i = 0; i < runs; i++) {
				subscriptions.push(await level(emulator, () => listSubscriptions(connection)));
				workspaces.push(await level(emulator, () => listWorkspaces(connection, info.subscriptionId)));
				// A workspace node is new after each refresh: nothing cached but the connection.
				const backend = new AzureRunBackend(new AzureWorkspace(connection, ref));
				let token: string | undefined;
				jobs.push(
					await level(emulator, async () => {
						token = (await backend.listRuns({})).nextPageToken;
					}),
				);
				more.push(await level(emulator, () => backend.listRuns({ pageToken: token })));
			}
			const suffix = `${latencyMs}ms_latency`;
			figures[`first_level_ms_${suffix}`] = round(median(workspaces.map((l) => l.ms)));
			figures[`subscriptions_ms_${suffix}`] = round(median(subscriptions.map((l) => l.ms)));
			figures[`jobs_page_ms_${suffix}`] = round(median(jobs.map((l) => l.ms)));
			figures[`load_more_ms_${suffix}`] = round(median(more.map((l) => l.ms)));
			figures[`requests_per_level_${suffix}`] = Math.max(...[subscriptions, workspaces, jobs, more].flat().map((l) => l.requests));
		}
		return figures;
	} finally {
		await emulator.stop();
	}
}

/** One expand: its wall time and the requests the emulator served for it. */
async function level(emulator: AzureMlEmulator, action: () => Promise<unknown>): Promise<Level> {
	emulator.clearRequests();
	const start = performance.now();
	await action();
	const ms = performance.now() - start;
	return { ms, requests: emulator.requests().length };
}
