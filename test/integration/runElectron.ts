// `npm run test:electron`: the same integration suite through @vscode/test-electron, for machines
// that can download VS Code (this one cannot; `npm test` uses code-server instead). The first-run
// suite (firstRun/) reads the window through the code-server runner, so only that runner has it.
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
		exitCode = await runTests({
			version: process.env.VSCODE_VERSION ?? 'stable',
			extensionDevelopmentPath: projectRoot,
			extensionTestsPath: path.join(projectRoot, 'out', 'test', 'integration', 'index'),
			launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
			extensionTestsEnv: { ...azure.env, AZUREML_EXPLORER_TEST_RESULTS: resultsFile, AZUREML_EXPLORER_TESTING: '1' },
		});
	} catch (error) {
		console.error(error);
		exitCode = 1;
	} finally {
		await azure.emulator.stop();
	}
	if (existsSync(resultsFile)) {
		printResults(JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults, 'VS Code (@vscode/test-electron)');
	}
	return exitCode;
}

void main().then((code) => process.exit(code));
