// Activation time by the extension's own clock inside the real extension host (code-server's
// VS Code 1.100.3), over several fresh windows: load_ms is the bundle's require, activate_ms runs
// from the bundle starting to load until activate() returns. Target: activate ≤ 50 ms.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openInChromium, projectRoot, startCodeServer } from '../test/integration/codeServer';
import { median, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 7);

export async function run(): Promise<Record<string, unknown>> {
	// Measure what users get: the minified release bundle.
	execSync('node esbuild.mjs --production', { cwd: projectRoot, stdio: 'inherit' });
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-bench-'));
	const load: number[] = [];
	const activate: number[] = [];
	for (let i = 0; i < runs; i++) {
		const out = path.join(scratch, `timing-${i}.json`);
		const server = await startCodeServer({ AZUREML_EXPLORER_BENCH_OUT: out });
		const window = await openInChromium(
			server.url(scratch, [
				['extensionDevelopmentPath', server.remoteUri(projectRoot)],
				['extensionTestsPath', server.remoteUri(path.join(projectRoot, 'out', 'bench', 'activationProbe'))],
			]),
		);
		try {
			const timing = await waitForJson<{ loadMs: number; activateMs: number }>(out);
			load.push(timing.loadMs);
			activate.push(timing.activateMs);
			console.log(`window ${i + 1}: load ${timing.loadMs.toFixed(1)} ms, activate ${timing.activateMs.toFixed(1)} ms`);
		} finally {
			await window.close();
			await server.stop();
		}
	}
	return { load_ms: round(median(load)), activate_ms: round(median(activate)), runs };
}

async function waitForJson<T>(file: string): Promise<T> {
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (existsSync(file)) {
			return JSON.parse(readFileSync(file, 'utf8')) as T;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('the probe wrote no timings within 2 minutes');
}
