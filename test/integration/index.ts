// The integration suite's entry point: VS Code loads this module in its extension host (as
// extensionTestsPath) and calls run(). It runs every *.test.js of one suite folder (suite/ unless
// AZUREML_EXPLORER_TEST_SUITE names another) with mocha and, when the runner asks for it, writes the
// results as JSON for the runner to print.
//
// Suites that span a window reload are named as a list, one per extension host, e.g.
// "restart,afterRestart": each extension host runs the first suite without results yet, writes them
// beside the runner's file and reloads the window (VS Code's Reload Window), so the next extension
// host runs the next suite; the last writes every suite's results to the runner's file.
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { SuiteResults, TestResult } from './results';
import { endWaits, stillWaitingFor } from './support/until';

export async function run(): Promise<void> {
	const suites = (process.env.AZUREML_EXPLORER_TEST_SUITE ?? 'suite').split(',');
	const resultsFile = process.env.AZUREML_EXPLORER_TEST_RESULTS;
	const phase = resultsFile ? currentPhase(suites.length, resultsFile) : 0;
	const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
	const suiteDir = path.join(__dirname, suites[phase]);
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
	await new Promise<void>((resolve) => {
		const runner = mocha.run(() => resolve());
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

	// A suite that ran no test (all filtered out by the grep) has nothing to hand the next one.
	if (resultsFile && phase < suites.length - 1 && tests.length > 0) {
		writeResults(phaseResultsFile(resultsFile, phase), summarize(tests));
		await vscode.commands.executeCommand('workbench.action.reloadWindow');
		// The reload ends this extension host; the next one runs the next suite.
		return new Promise(() => undefined);
	}
	const earlier = resultsFile ? earlierTests(resultsFile, phase) : [];
	const results = summarize([...earlier, ...tests]);
	if (resultsFile) {
		writeResults(resultsFile, results);
	}
	if (results.failed > 0) {
		throw new Error(`${results.failed} integration test(s) failed`);
	}
}

/** The first suite of a list of `count` whose results are not written yet. */
function currentPhase(count: number, resultsFile: string): number {
	const phase = Array.from({ length: count - 1 }, (_, i) => i).find((i) => !existsSync(phaseResultsFile(resultsFile, i)));
	return phase ?? count - 1;
}

function phaseResultsFile(resultsFile: string, phase: number): string {
	return `${resultsFile}.phase${phase}`;
}

function earlierTests(resultsFile: string, phase: number): TestResult[] {
	return Array.from({ length: phase }, (_, i) => (JSON.parse(readFileSync(phaseResultsFile(resultsFile, i), 'utf8')) as SuiteResults).tests).flat();
}

/** Written aside and renamed, so the runner polling for the file never reads half of it. */
function writeResults(file: string, results: SuiteResults): void {
	writeFileSync(`${file}.partial`, JSON.stringify(results, null, 2));
	renameSync(`${file}.partial`, file);
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
