// Lets a test inside the extension host ask the runner, which owns the browser, for a picture of
// the VS Code window: the runner serves POST /screenshot?name=<name> on loopback and passes the
// address to the extension host in AZUREML_EXPLORER_SCREENSHOT_URL.
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export const screenshotDir = path.join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

export async function startScreenshotServer(page: () => Page | undefined): Promise<{ url: string; server: Server }> {
	mkdirSync(screenshotDir, { recursive: true });
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const name = url.searchParams.get('name') ?? '';
		const current = page();
		if (request.method !== 'POST' || url.pathname !== '/screenshot' || !/^[\w-]{1,80}$/.test(name) || !current) {
			response.writeHead(400).end();
			return;
		}
		const file = path.join(screenshotDir, `${name}.png`);
		current
			.screenshot({ path: file })
			.then(() => response.writeHead(200, { 'content-type': 'text/plain' }).end(file))
			.catch((error: Error) => response.writeHead(500).end(error.message));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return { url: `http://127.0.0.1:${port}/screenshot`, server };
}
