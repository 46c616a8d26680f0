// The Local endpoint: python/serve_local.py with a trivial run() and with the MNIST sample's model,
// called by one keep-alive client (one connection, one request at a time), as a user's test loop does.
//   requests_per_s, p50_ms, p99_ms    trivial run(), BENCH_REQUESTS (default 3000) requests after a warm-up;
//   overhead_p50_ms                   p50 latency minus run()'s own p50 when called directly in one process;
//   mnist_requests_per_s, mnist_p50_ms, mnist_p99_ms, mnist_overhead_p50_ms   the same with the sample request;
//   deploy_local_ms                   Deploy to a ready Local endpoint: the MNIST model registered in the
//                                     Local registry, then the server started until init() has loaded it;
//   node_http_requests_per_s          the baseline: Node's own HTTP server answering the same client, same run;
//   requests_per_s_vs_node_http       the ratio of the trivial figure to it.
// Medians over BENCH_RUNS runs (default 3). Targets: ≥ 2,000 requests/s and p99 ≤ 5 ms (trivial),
// overhead ≤ 1 ms at p50, deploy_local_ms ≤ 2,000. Needs numpy for the MNIST figures (null without it).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { registerLocalModel } from '../src/core/backends/local/modelRegistry';
import { LocalScoringServer } from '../src/core/endpoints/localScoringServer';
import { median, percentile, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const mnistRequests = Math.max(50, Math.round(requests / 15));
const python = process.env.BENCH_PYTHON ?? 'python3';
const pythonDir = path.join(__dirname, '..', '..', 'python');
const server = path.join(pythonDir, 'serve_local.py');
const mnistDir = path.join(pythonDir, 'samples', 'mnist');
const trivialScript = 'def init():\n    pass\n\ndef run(raw_data):\n    return {"ok": True}\n';

interface Latencies {
	readonly requestsPerSecond: number;
	readonly p50: number;
	readonly p99: number;
}

/** ``count`` POSTs one after the other on one kept-alive connection; latencies in ms. */
async function measure(url: string, body: string, count: number): Promise<Latencies> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const target = new URL(url);
	const post = (): Promise<void> =>
		new Promise((resolve, reject) => {
			const request = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
				response.on('data', () => undefined);
				response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
			});
			request.on('error', reject);
			request.end(body);
		});
	for (let i = 0; i < Math.min(200, count); i++) {
		await post(); // warm-up: connection, caches, the interpreter's first calls
	}
	const latencies: number[] = [];
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		const t = performance.now();
		await post();
		latencies.push(performance.now() - t);
	}
	const elapsed = performance.now() - started;
	agent.destroy();
	return { requestsPerSecond: (count * 1000) / elapsed, p50: median(latencies), p99: percentile(latencies, 99) };
}

/** run()'s own median time in ms, called in one Python process after init(), as the server calls it. */
async function directRunMs(script: string, modelDir: string, body: string, count: number): Promise<number> {
	const program = [
		'import importlib.util, os, sys, time, statistics',
		'os.environ["AZUREML_MODEL_DIR"] = sys.argv[2]',
		'sys.path.insert(0, os.path.dirname(sys.argv[1]))',
		'spec = importlib.util.spec_from_file_location("score", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
		'm.init(); body = open(sys.argv[3], encoding="utf-8").read(); times = []',
		'for _ in range(int(sys.argv[4])):',
		'    t = time.perf_counter(); m.run(body); times.append((time.perf_counter() - t) * 1000)',
		'print(statistics.median(times))',
	].join('\n');
	const bodyFile = path.join(os.tmpdir(), `bench-endpoint-body-${process.pid}.json`);
	writeFileSync(bodyFile, body);
	try {
		const { stdout } = await promisify(execFile)(python, ['-c', program, script, modelDir, bodyFile, String(count)], { maxBuffer: 1 << 20 });
		return Number(stdout.trim().split('\n').pop());
	} finally {
		rmSync(bodyFile, { force: true });
	}
}

async function nodeBaseline(count: number): Promise<number> {
	const baseline = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok": true}'));
	});
	await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
	try {
		return (await measure(`http://127.0.0.1:${(baseline.address() as AddressInfo).port}/score`, '{}', count)).requestsPerSecond;
	} finally {
		baseline.closeAllConnections();
		await new Promise((resolve) => baseline.close(resolve));
	}
}

/** The MNIST sample trained briefly through the harness: its outputs/ folder, or undefined without numpy. */
async function trainMnist(folder: string): Promise<{ runId: string; outputs: string } | undefined> {
	try {
		await promisify(execFile)(python, ['-c', 'import numpy']);
	} catch {
		return undefined;
	}
	const { stdout } = await promisify(execFile)(
		python,
		[path.join(pythonDir, 'run_local.py'), '--store', path.join(folder, 'mlruns'), '--experiment', 'bench', '--', path.join(mnistDir, 'train.py'), '--epochs', '1', '--train-count', '2000', '--val-count', '500'],
		{ maxBuffer: 16 << 20 },
	);
	const started = JSON.parse(stdout.split('\n')[0]) as { run_id: string; run_dir: string };
	return { runId: started.run_id, outputs: path.join(started.run_dir, 'artifacts', 'outputs') };
}

export async function run(): Promise<Record<string, unknown>> {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-endpoint-'));
	try {
		const trivialFile = path.join(folder, 'score.py');
		writeFileSync(trivialFile, trivialScript);
		const mnist = await trainMnist(folder);
		const sampleRequest = readFileSync(path.join(mnistDir, 'sample-request.json'), 'utf8');
		const trivialDirect = await directRunMs(trivialFile, folder, '{}', 10_000);
		const mnistDirect = mnist ? await directRunMs(path.join(mnistDir, 'score.py'), mnist.outputs, sampleRequest, 200) : NaN;

		const trivial: Latencies[] = [];
		const digits: Latencies[] = [];
		const deploys: number[] = [];
		const baselines: number[] = [];
		for (let i = 0; i < runs; i++) {
			const started = await LocalScoringServer.start({ python: { command: python, args: [] }, server, scoringScript: trivialFile, modelDir: folder });
			try {
				trivial.push(await measure(started.scoringUri, '{}', requests));
			} finally {
				await started.stop();
			}
			baselines.push(await nodeBaseline(requests));
			if (mnist) {
				const t = performance.now();
				const version = await registerLocalModel(path.join(folder, 'mlruns'), { name: 'mnist', path: mnist.outputs, runId: mnist.runId });
				const deployed = await LocalScoringServer.start({ python: { command: python, args: [] }, server, scoringScript: path.join(mnistDir, 'score.py'), modelDir: version.path });
				deploys.push(performance.now() - t);
				try {
					digits.push(await measure(deployed.scoringUri, sampleRequest, mnistRequests));
				} finally {
					await deployed.stop();
				}
			}
		}
		const figure = (samples: Latencies[], pick: (l: Latencies) => number, digitsAfter = 2): number | null => (samples.length ? round(median(samples.map(pick)), digitsAfter) : null);
		const requestsPerSecond = median(trivial.map((l) => l.requestsPerSecond));
		return {
			requests_per_s: round(requestsPerSecond, 0),
			p50_ms: figure(trivial, (l) => l.p50),
			p99_ms: figure(trivial, (l) => l.p99),
			overhead_p50_ms: round(median(trivial.map((l) => l.p50)) - trivialDirect, 3),
			mnist_requests_per_s: figure(digits, (l) => l.requestsPerSecond, 0),
			mnist_p50_ms: figure(digits, (l) => l.p50),
			mnist_p99_ms: figure(digits, (l) => l.p99),
			mnist_overhead_p50_ms: digits.length ? round(median(digits.map((l) => l.p50)) - mnistDirect, 3) : null,
			mnist_run_direct_p50_ms: mnist ? round(mnistDirect, 3) : null,
			deploy_local_ms: deploys.length ? round(median(deploys), 0) : null,
			node_http_requests_per_s: round(median(baselines), 0),
			requests_per_s_vs_node_http: round(requestsPerSecond / median(baselines), 3),
			runs,
			requests,
		};
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}
