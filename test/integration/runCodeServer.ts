// `npm run test:integration`: runs the integration suite inside a real VS Code (code-server in
// headless Chromium) with this extension loaded from the working tree.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openInChromium, projectRoot, startCodeServer, type OpenedWorkbench } from './codeServer';
import { startEmulatorWithEnv } from './emulatorEnv';
import { printResults, type SuiteResults } from './results';
import { startScreenshotServer } from './screenshots';
import { prepareTestWorkspace } from './testWorkspace';

const timeoutMs = 45 * 60_000;

async function main(): Promise<number> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-it-'));
	const resultsFile = path.join(scratch, 'results.json');
	const workspace = prepareTestWorkspace(scratch);
	const logDir = path.join(projectRoot, 'test-results');
	mkdirSync(logDir, { recursive: true });

	let workbench: OpenedWorkbench | undefined;
	const shots = await startScreenshotServer(() => workbench?.page);
	const azure = await startEmulatorWithEnv();
	const server = await startCodeServer({
		...azure.env,
		AZUREML_EXPLORER_TEST_RESULTS: resultsFile,
		AZUREML_EXPLORER_SCREENSHOT_URL: shots.url,
		AZUREML_EXPLORER_TESTING: '1',
	});
	const consoleLog: string[] = [];
	try {
		const url = server.url(workspace, [
			['extensionDevelopmentPath', server.remoteUri(projectRoot)],
			['extensionTestsPath', server.remoteUri(path.join(projectRoot, 'out', 'test', 'integration', 'index'))],
		]);
		console.log(`Running the integration suite in code-server ${server.origin} (workspace ${workspace})`);
		workbench = await openInChromium(url);
		workbench.page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
		const results = await waitForResults(resultsFile);
		printResults(results, 'VS Code 1.100.3 (code-server, headless Chromium)');
		return results.failed > 0 || results.passed === 0 ? 1 : 0;
	} finally {
		writeFileSync(path.join(logDir, 'browser-console.log'), consoleLog.join('\n'));
		await workbench?.close();
		shots.server.close();
		await server.stop();
		await azure.emulator.stop();
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
