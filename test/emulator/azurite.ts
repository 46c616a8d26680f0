import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

/** Azurite's well-known development account (public, documented in Azurite's README). */
export const devAccountName = 'devstoreaccount1';
export const devAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
	/** `http://127.0.0.1:<port>` */
	readonly origin: string;
	/** `http://127.0.0.1:<port>/devstoreaccount1` (path style). */
	readonly blobEndpoint: string;
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/**
 * Starts the pinned Azurite blob service in memory on a free loopback port and waits until it
 * accepts connections. `--skipApiVersionCheck` keeps newer storage SDKs working.
 */
export async function startAzurite(): Promise<Azurite> {
	const port = await freePort();
	const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
	const child = spawn(
		process.execPath,
		[main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck', '--loose', '--silent'],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	await waitForPort(port, child, () => stderr);
	const origin = `http://127.0.0.1:${port}`;
	return { origin, blobEndpoint: `${origin}/${devAccountName}`, stop: () => stopChild(child) };
}

/** Until Azurite listens or exits: on a busy machine it can take long to load, and that is no failure. */
async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`Azurite exited (${child.exitCode ?? child.signalCode}) before listening on 127.0.0.1:${port}: ${stderr()}`);
		}
		if (await canConnect(port)) {
			return;
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) {
		return Promise.resolve();
	}
	return new Promise((resolve) => {
		// In memory there is nothing to flush; Azurite may linger on keep-alive sockets, so do not wait long.
		const timer = setTimeout(() => child.kill('SIGKILL'), 500);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
