/** The JSON the suite writes and the runners print. */
export interface TestResult {
	title: string;
	state: 'passed' | 'failed' | 'skipped';
	durationMs: number;
	error?: string;
}

export interface SuiteResults {
	passed: number;
	failed: number;
	skipped: number;
	tests: TestResult[];
}

/** Prints each test and ends with the line `N passed, N failed` (and `, N skipped` when any were). */
export function printResults(results: SuiteResults, where: string): void {
	console.log(`\nIntegration tests inside ${where}:`);
	for (const test of results.tests) {
		const mark = test.state === 'passed' ? '✓' : test.state === 'failed' ? '✗' : '-';
		console.log(`  ${mark} ${test.title} (${Math.round(test.durationMs)} ms)`);
		if (test.error) {
			console.log(test.error.replace(/^/gm, '      '));
		}
	}
	const skipped = results.skipped > 0 ? `, ${results.skipped} skipped` : '';
	console.log(`${results.passed} passed, ${results.failed} failed${skipped}`);
}
