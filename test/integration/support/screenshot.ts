// Asks the runner for a screenshot of the VS Code window (see test/integration/screenshots.ts).
// Under @vscode/test-electron there is no such runner, and this does nothing.

/** Saves test-results/screenshots/<name>.png and returns its path, or undefined without a runner. */
export async function screenshot(name: string, settleMs = 800): Promise<string | undefined> {
	const endpoint = process.env.AZUREML_EXPLORER_SCREENSHOT_URL;
	if (!endpoint) {
		return undefined;
	}
	// Let the workbench paint what the test just did.
	await new Promise((resolve) => setTimeout(resolve, settleMs));
	const response = await fetch(`${endpoint}?name=${encodeURIComponent(name)}`, { method: 'POST' });
	if (!response.ok) {
		throw new Error(`screenshot ${name} failed: ${response.status} ${await response.text()}`);
	}
	return response.text();
}
