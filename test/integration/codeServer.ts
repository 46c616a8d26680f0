// Drives a real VS Code without a download: code-server (VS Code 1.100.3 from npm) serves the
// workbench on loopback and headless Chromium opens it. The install is cached under .cache/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const projectRoot = path.resolve(__dirname, '..', '..', '..');
const version = '4.100.3';
const cacheDir = path.join(projectRoot, '.cache', `code-server-${version}`);
const binary = path.join(cacheDir, 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Installs code-server once from the pinned lock file; later runs reuse it. */
export function ensureCodeServer(): string {
	const marker = path.join(cacheDir, '.installed');
	if (existsSync(marker)) {
		return binary;
	}
	console.log(`Installing code-server ${version} into ${path.relative(projectRoot, cacheDir)} (once)…`);
	const rg = which('rg');
	if (!rg) {
		throw new Error('code-server needs ripgrep on PATH for its offline install: apt-get install ripgrep');
	}
	mkdirSync(cacheDir, { recursive: true });
	const source = path.join(projectRoot, 'test', 'integration', 'code-server');
	copyFileSync(path.join(source, 'package.json'), path.join(cacheDir, 'package.json'));
	copyFileSync(path.join(source, 'package-lock.json'), path.join(cacheDir, 'package-lock.json'));

	// @vscode/ripgrep downloads its binary unless this tarball is already in its cache.
	const tmp = path.join(cacheDir, 'tmp');
	const rgCache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
	mkdirSync(rgCache, { recursive: true });
	const rgDir = mkdtempSync(path.join(tmp, 'rg-'));
	copyFileSync(rg, path.join(rgDir, 'rg'));
	run('tar', ['-czf', path.join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', rgDir, 'rg'], cacheDir, {});

	run('npm', ['ci', '--no-audit', '--no-fund'], cacheDir, {
		TMPDIR: tmp,
		npm_config_yes: 'true',
		// Its postinstall refuses to run as root without this, and runs nested npm installs of
		// VS Code's own native modules, which need their install scripts.
		npm_config_unsafe_perm: 'true',
		npm_config_dangerously_allow_all_scripts: 'true',
	});
	writeFileSync(marker, new Date().toISOString());
	return binary;
}

export interface RunningCodeServer {
	readonly origin: string;
	readonly authority: string;
	/** The workbench on `folder`, or an empty window (no folder) when it is undefined. */
	url(folder: string | undefined, payload?: [string, string][]): string;
	/** The vscode-remote URI code-server's extension host sees for a local path. */
	remoteUri(localPath: string): string;
	stop(): Promise<void>;
}

export async function startCodeServer(env: Record<string, string> = {}): Promise<RunningCodeServer> {
	const bin = ensureCodeServer();
	const port = await freePort();
	const home = mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-vscode-'));
	const userData = path.join(home, 'user-data');
	mkdirSync(path.join(userData, 'User'), { recursive: true });
	writeFileSync(
		path.join(userData, 'User', 'settings.json'),
		JSON.stringify({
			'workbench.startupEditor': 'none',
			'workbench.tips.enabled': false,
			'security.workspace.trust.enabled': false,
			'telemetry.telemetryLevel': 'off',
			'extensions.autoCheckUpdates': false,
			'extensions.autoUpdate': false,
			'update.mode': 'none',
			'window.commandCenter': false,
			'workbench.colorTheme': 'Default Dark Modern',
		}),
	);
	const child = spawn(
		bin,
		[
			'--auth', 'none',
			'--bind-addr', `127.0.0.1:${port}`,
			'--disable-telemetry',
			'--disable-update-check',
			'--disable-workspace-trust',
			'--disable-getting-started-override',
			'--user-data-dir', userData,
			'--extensions-dir', path.join(home, 'extensions'),
		],
		{ env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	const log: string[] = [];
	child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
	child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
	await waitForListening(child, port, log);

	const authority = `127.0.0.1:${port}`;
	return {
		origin: `http://${authority}`,
		authority,
		url: (folder, payload) => {
			// Without a folder, `ew` keeps code-server from reopening the last one.
			const query = new URLSearchParams(folder ? { folder } : { ew: 'true' });
			if (payload) {
				query.set('payload', JSON.stringify(payload));
			}
			return `http://${authority}/?${query.toString()}`;
		},
		remoteUri: (localPath) => `vscode-remote://${authority}${localPath}`,
		stop: () => stopProcessGroup(child),
	};
}

export interface OpenedWorkbench {
	readonly browser: Browser;
	readonly page: Page;
	close(): Promise<void>;
}

/** Opens a URL in headless Debian Chromium; the flags keep it off the (closed) network. */
export async function openInChromium(url: string, size = { width: 1440, height: 900 }): Promise<OpenedWorkbench> {
	if (!existsSync(chromiumPath)) {
		throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`);
	}
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
	await page.goto(url);
	return { browser, page, close: () => browser.close() };
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function waitForListening(child: ChildProcess, port: number, log: string[]): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`code-server exited with ${child.exitCode}:\n${log.join('')}`);
		}
		try {
			const response = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (response.ok) {
				return;
			}
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`code-server did not start within 60 s:\n${log.join('')}`);
}

/** Ends code-server and everything it started (extension hosts, Python runs). */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.pid === undefined) {
		return;
	}
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// already gone
		}
	}, 5_000);
	await exited;
	clearTimeout(timer);
}

function which(command: string): string | undefined {
	const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): void {
	const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
	}
}
