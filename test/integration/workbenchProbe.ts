// Lets a test inside the extension host see the VS Code window as a user does, through the runner,
// which owns the browser: the runner serves on loopback
//   POST /screenshot?name=<name>  saves test-results/screenshots/<name>.png, answers its path;
//   POST /text?selector=<css>     answers the visible text of the matching elements, one per line;
// and passes the address to the extension host in AZUREML_EXPLORER_WORKBENCH_URL.
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

const screenshotDir = path.join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

export async function startWorkbenchProbe(page: () => Page | undefined): Promise<{ url: string; server: Server }> {
	mkdirSync(screenshotDir, { recursive: true });
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const current = page();
		if (request.method !== 'POST' || !current) {
			response.writeHead(400).end();
			return;
		}
		answer(current, url)
			.then((text) => (text === undefined ? response.writeHead(400).end() : response.writeHead(200, { 'content-type': 'text/plain' }).end(text)))
			.catch((error: Error) => response.writeHead(500).end(error.message));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return { url: `http://127.0.0.1:${port}`, server };
}

async function answer(page: Page, url: URL): Promise<string | undefined> {
	if (url.pathname === '/screenshot') {
		const name = url.searchParams.get('name') ?? '';
		if (!/^[\w-]{1,80}$/.test(name)) {
			return undefined;
		}
		const file = path.join(screenshotDir, `${name}.png`);
		await page.screenshot({ path: file });
		return file;
	}
	if (url.pathname === '/text') {
		const selector = url.searchParams.get('selector');
		return selector ? (await page.locator(selector).allInnerTexts()).join('\n') : undefined;
	}
	return undefined;
}
