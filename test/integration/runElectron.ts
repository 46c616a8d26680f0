// `npm run test:electron`: the same integration suite through @vscode/test-electron, for machines
// that can download VS Code (this one cannot; `npm test` uses code-server instead). The first-run
// suite (firstRun/) reads the window through the code-server runner, so only that runner has it.
// Then restart/ and, after a window reload, afterRestart/ (see index.ts), as the code-server runner does.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { projectRoot } from './codeServer';
import { startEmulatorWithEnv } from './emulatorEnv';
import { printResults, type SuiteResults } from './results';
import { prepareTestWorkspace } from './testWorkspace';

async function main(): Promise<number> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-it-'));
	const resultsFile = path.join(scratch, 'results.json');
	const workspace = prepareTestWorkspace(scratch);
	const azure = await startEmulatorWithEnv();
	let exitCode: number;
	try {
		exitCode = await runSuite(workspace, { ...azure.env, AZUREML_EXPLORER_TEST_RESULTS: resultsFile });
	} finally {
		await azure.emulator.stop();
	}
	const restartResults = path.join(scratch, 'restart-results.json');
	const restartWorkspace = prepareTestWorkspace(mkdtempSync(path.join(scratch, 'restart-')));
	exitCode = Math.max(exitCode, await runSuite(restartWorkspace, { AZUREML_EXPLORER_TEST_SUITE: 'restart,afterRestart', AZUREML_EXPLORER_TEST_RESULTS: restartResults }));
	for (const file of [resultsFile, restartResults].filter((f) => existsSync(f))) {
		printResults(JSON.parse(readFileSync(file, 'utf8')) as SuiteResults, 'VS Code (@vscode/test-electron)');
	}
	return exitCode;
}

/** Runs the suite(s) `env` names in a VS Code on `workspace`; gives the exit code. */
async function runSuite(workspace: string, env: Record<string, string>): Promise<number> {
	try {
		return await runTests({
			version: process.env.VSCODE_VERSION ?? 'stable',
			extensionDevelopmentPath: projectRoot,
			extensionTestsPath: path.join(projectRoot, 'out', 'test', 'integration', 'index'),
			launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
			extensionTestsEnv: { ...env, AZUREML_EXPLORER_TESTING: '1' },
		});
	} catch (error) {
		console.error(error);
		return 1;
	}
}

void main().then((code) => process.exit(code));
