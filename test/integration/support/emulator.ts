import * as assert from 'node:assert/strict';

/**
 * Steers the Azure ML emulator the integration runner started (see test/emulator/README.md, "Over
 * HTTP"): faults, job scenarios, seeding and the request log, from inside the extension host.
 */
export function emulatorUrl(): string {
	const url = process.env.AZUREML_EXPLORER_EMULATOR_URL;
	assert.ok(url, 'AZUREML_EXPLORER_EMULATOR_URL is not set: run the suite with npm run test:integration');
	return url;
}

export async function emulatorRequest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${emulatorUrl()}/_emulator/${path}`, {
		method,
		headers: body === undefined ? undefined : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	assert.ok(response.ok, `emulator ${method} ${path}: ${response.status} ${await response.clone().text()}`);
	return (response.status === 204 ? undefined : await response.json()) as T;
}

/** No faults, the base job scenario, an empty request log. */
export async function resetEmulator(): Promise<void> {
	await emulatorRequest('POST', 'reset');
}
