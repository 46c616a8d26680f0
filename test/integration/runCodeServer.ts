// `npm run test:integration`: runs the integration suites inside a real VS Code (code-server in
// headless Chromium) with this extension loaded from the working tree:
// - suite/: a window on the test workspace, signed in to the Azure ML emulator;
// - firstRun/: what a newcomer sees, a window with no folder open and not signed in;
// - restart/, then afterRestart/ after a window reload: a Local run outlives the extension host.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openInChromium, projectRoot, startCodeServer, type OpenedWorkbench } from './codeServer';
import { startEmulatorWithEnv } from './emulatorEnv';
import { printResults, type SuiteResults } from './results';
import { prepareTestWorkspace } from './testWorkspace';
import { startWorkbenchProbe } from './workbenchProbe';

const timeoutMs = 45 * 60_000;
const logDir = path.join(projectRoot, 'test-results');

async function main(): Promise<number> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-it-'));
	mkdirSync(logDir, { recursive: true });
	const azure = await startEmulatorWithEnv();
	let results: SuiteResults;
	try {
		results = await runSuite('suite', prepareTestWorkspace(scratch), azure.env, scratch);
	} finally {
		await azure.emulator.stop();
	}
	const firstRun = await runSuite('firstRun', undefined, {}, scratch);
	const restart = await runSuite('restart,afterRestart', prepareTestWorkspace(mkdtempSync(path.join(scratch, 'restart-'))), {}, scratch);
	const suites = [results, firstRun, restart];
	const all: SuiteResults = {
		passed: suites.reduce((sum, s) => sum + s.passed, 0),
		failed: suites.reduce((sum, s) => sum + s.failed, 0),
		skipped: suites.reduce((sum, s) => sum + s.skipped, 0),
		tests: suites.flatMap((s) => s.tests),
	};
	printResults(all, 'VS Code 1.100.3 (code-server, headless Chromium)');
	return all.failed > 0 || all.passed === 0 ? 1 : 0;
}

/**
 * Runs the suite folder `suite` in its own code-server and window, on `folder` or on no folder; a list
 * ("a,b") runs one folder per extension host, with a window reload in between (see index.ts).
 */
async function runSuite(suite: string, folder: string | undefined, env: Record<string, string>, scratch: string): Promise<SuiteResults> {
	const name = suite.replace(/,/g, '-');
	const resultsFile = path.join(scratch, `${name}-results.json`);
	let workbench: OpenedWorkbench | undefined;
	const probe = await startWorkbenchProbe(() => workbench?.page);
	const server = await startCodeServer({
		...env,
		AZUREML_EXPLORER_TEST_SUITE: suite,
		AZUREML_EXPLORER_TEST_RESULTS: resultsFile,
		AZUREML_EXPLORER_WORKBENCH_URL: probe.url,
		AZUREML_EXPLORER_TESTING: '1',
	});
	const consoleLog: string[] = [];
	try {
		const url = server.url(folder, [
			['extensionDevelopmentPath', server.remoteUri(projectRoot)],
			['extensionTestsPath', server.remoteUri(path.join(projectRoot, 'out', 'test', 'integration', 'index'))],
		]);
		console.log(`Running the integration suite ${suite}/ in code-server ${server.origin} (${folder ? `workspace ${folder}` : 'no folder open'})`);
		workbench = await openInChromium(url);
		workbench.page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
		return await waitForResults(resultsFile);
	} finally {
		writeFileSync(path.join(logDir, `browser-console-${name}.log`), consoleLog.join('\n'));
		await workbench?.close();
		probe.server.close();
		await server.stop();
	}
}

async function waitForResults(file: string): Promise<SuiteResults> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (existsSync(file)) {
			return JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The suite wrote no results within ${timeoutMs / 60_000} minutes`);
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
