// The integration suite's entry point: VS Code loads this module in its extension host (as
// extensionTestsPath) and calls run(). It runs every *.test.js of one suite folder (suite/ unless
// AZUREML_EXPLORER_TEST_SUITE names another) with mocha and, when the runner asks for it, writes the
// results as JSON for the runner to print.
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { SuiteResults, TestResult } from './results';
import { endWaits, stillWaitingFor } from './support/until';

export async function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
	const suiteDir = path.join(__dirname, process.env.AZUREML_EXPLORER_TEST_SUITE ?? 'suite');
	const files = readdirSync(suiteDir, { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.test.js'))
		.sort();
	const grep = process.env.AZUREML_EXPLORER_TEST_GREP;
	if (grep) {
		mocha.grep(grep);
	}
	for (const file of files) {
		mocha.addFile(path.join(suiteDir, file));
	}

	const tests: TestResult[] = [];
	const results = await new Promise<SuiteResults>((resolve) => {
		const runner = mocha.run(() => resolve(summarize(tests)));
		runner.on('pass', (t) => tests.push(result(t, 'passed')));
		runner.on('fail', (t, error: Error) => {
			const waits = stillWaitingFor();
			if (waits.length > 0) {
				error.stack = `${error.stack ?? error.message}\n(it was still waiting for ${waits.join(', ')})`;
			}
			tests.push(result(t, 'failed', error));
		});
		runner.on('test end', endWaits);
		runner.on('pending', (t) => tests.push(result(t, 'skipped')));
	});

	const resultsFile = process.env.AZUREML_EXPLORER_TEST_RESULTS;
	if (resultsFile) {
		// Written aside and renamed, so the runner polling for the file never reads half of it.
		writeFileSync(`${resultsFile}.partial`, JSON.stringify(results, null, 2));
		renameSync(`${resultsFile}.partial`, resultsFile);
	}
	if (results.failed > 0) {
		throw new Error(`${results.failed} integration test(s) failed`);
	}
}

function result(test: Mocha.Runnable, state: TestResult['state'], error?: Error): TestResult {
	return {
		title: test.fullTitle(),
		state,
		durationMs: test.duration ?? 0,
		error: error ? (error.stack ?? error.message) : undefined,
	};
}

function summarize(tests: TestResult[]): SuiteResults {
	const count = (state: TestResult['state']) => tests.filter((t) => t.state === state).length;
	return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), tests };
}
