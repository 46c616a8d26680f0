// Asks the runner, which owns the browser, about the VS Code window (see test/integration/workbenchProbe.ts).
// Under @vscode/test-electron there is no such runner: screenshots are skipped, text cannot be read.

function probeUrl(): string | undefined {
	return process.env.AZUREML_EXPLORER_WORKBENCH_URL;
}

async function ask(route: string, query: Record<string, string>): Promise<string> {
	const response = await fetch(`${probeUrl()}/${route}?${new URLSearchParams(query).toString()}`, { method: 'POST' });
	if (!response.ok) {
		throw new Error(`workbench ${route} ${JSON.stringify(query)} failed: ${response.status} ${await response.text()}`);
	}
	return response.text();
}

/** Saves test-results/screenshots/<name>.png and returns its path, or undefined without a runner. */
export async function screenshot(name: string, settleMs = 800): Promise<string | undefined> {
	if (!probeUrl()) {
		return undefined;
	}
	// Let the workbench paint what the test just did.
	await new Promise((resolve) => setTimeout(resolve, settleMs));
	return ask('screenshot', { name });
}

/** Whether workbenchText can read the window (only through the code-server runner). */
export function canReadWindow(): boolean {
	return probeUrl() !== undefined;
}

/** The visible text of the window's elements matching a CSS selector, one per line. */
export function workbenchText(selector: string): Promise<string> {
	if (!probeUrl()) {
		throw new Error('Reading the window needs the code-server runner (npm run test:integration)');
	}
	return ask('text', { selector });
}
