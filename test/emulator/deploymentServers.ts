import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findPython, platformCandidates, type PythonCommand } from '../../src/core/backends/local/pythonFinder';
import { LocalScoringServer } from '../../src/core/endpoints/localScoringServer';
import type { BlobStore } from './BlobStore';

/** Where a registered asset's files are in the emulator's storage: a container and a blob-name prefix. */
export interface BlobLocation {
	readonly container: string;
	readonly prefix: string;
}

export interface DeploymentFiles {
	readonly model: BlobLocation;
	readonly code: BlobLocation;
	/** The scoring script inside the code folder, `/`-separated. */
	readonly scoringScript: string;
}

interface Running {
	readonly folder: string;
	readonly logs: string[];
	server?: LocalScoringServer;
	failure?: string;
	readonly started: Promise<void>;
	readonly abort: AbortController;
}

// The repository's python/serve_local.py, from test/emulator (ts-node) or out/test/emulator (compiled).
const serverScript = [2, 3].map((up) => path.resolve(__dirname, ...Array<string>(up).fill('..'), 'python', 'serve_local.py')).find((file) => existsSync(file)) ?? 'python/serve_local.py';
const maxLogLines = 5000;

/**
 * The emulator's online deployments really serve: each runs python/serve_local.py (the inference
 * server's contract) on the model and code files copied out of the emulator's blob storage, as a
 * managed deployment's storage initializer does, and the endpoint's scoring URI forwards to it.
 */
export class DeploymentServers {
	private readonly running = new Map<string, Running>();
	private python?: Promise<PythonCommand>;

	constructor(private readonly blobs: BlobStore) {}

	/** Starts (or restarts) a deployment's server; `settled` says when init() has returned or failed. */
	start(key: string, files: DeploymentFiles): Promise<void> {
		void this.stop(key);
		const abort = new AbortController();
		const logs: string[] = [];
		const log = (line: string) => {
			logs.push(line);
			if (logs.length > maxLogLines) {
				logs.shift();
			}
		};
		const entry: Running = { folder: '', logs, abort, started: Promise.resolve() };
		const started = (async () => {
			const folder = await mkdtemp(path.join(tmpdir(), 'azureml-emulator-deployment-'));
			Object.assign(entry, { folder });
			log(`Storage initializer: downloading the model from ${files.model.container}/${files.model.prefix}`);
			const modelDir = path.join(folder, 'model');
			await this.download(files.model, modelDir, abort.signal);
			log(`Storage initializer: downloading the code from ${files.code.container}/${files.code.prefix}`);
			const codeDir = await this.download(files.code, path.join(folder, 'code'), abort.signal);
			this.python ??= findPython(platformCandidates(process.platform));
			log('Starting the inference server (init() of the scoring script)');
			entry.server = await LocalScoringServer.start({
				python: await this.python,
				server: serverScript,
				scoringScript: path.join(codeDir, ...files.scoringScript.split('/')),
				modelDir,
				onOutput: log,
				signal: abort.signal,
			});
			log(`Inference server listening at ${entry.server.baseUri}`);
		})().catch((error: unknown) => {
			entry.failure = (error as Error).message;
			log(entry.failure);
		});
		Object.assign(entry, { started });
		this.running.set(key, entry);
		return started;
	}

	/** `undefined` while starting; then whether it serves and, if not, why. */
	state(key: string): { ready: true } | { ready: false; reason: string } | undefined {
		const entry = this.running.get(key);
		if (!entry) {
			return { ready: false, reason: 'The deployment has no container.' };
		}
		if (entry.failure) {
			return { ready: false, reason: entry.failure };
		}
		return entry.server ? { ready: true } : undefined;
	}

	logs(key: string, tail: number): string {
		const lines = this.running.get(key)?.logs ?? [];
		return lines.slice(-Math.max(0, tail)).join('\n');
	}

	/** The server's origin, e.g. `http://127.0.0.1:53123`, while it runs. */
	baseUri(key: string): string | undefined {
		const server = this.running.get(key)?.server;
		return server?.running ? server.baseUri : undefined;
	}

	async stop(key: string): Promise<void> {
		const entry = this.running.get(key);
		if (!entry) {
			return;
		}
		this.running.delete(key);
		entry.abort.abort();
		await entry.started;
		await entry.server?.stop();
		if (entry.folder) {
			await rm(entry.folder, { recursive: true, force: true });
		}
	}

	/** Stops every deployment whose key starts with `prefix` (an endpoint's), or all. */
	async stopAll(prefix = ''): Promise<void> {
		await Promise.all([...this.running.keys()].filter((key) => key.startsWith(prefix)).map((key) => this.stop(key)));
	}

	/**
	 * Copies the blobs under a prefix and returns where they landed: a folder lands as `<target>/<its name>/…` (AZUREML_MODEL_DIR
	 * holds the registered folder, as on Azure), a single blob as `<target>/<its name>`.
	 */
	private async download(location: BlobLocation, target: string, signal: AbortSignal): Promise<string> {
		const container = this.blobs.service.getContainerClient(location.container);
		const prefix = location.prefix.replace(/\/+$/, '');
		const base = path.posix.basename(prefix);
		let count = 0;
		for await (const blob of container.listBlobsFlat({ prefix })) {
			const rest = blob.name === prefix ? base : blob.name.startsWith(`${prefix}/`) ? `${base}/${blob.name.slice(prefix.length + 1)}` : undefined;
			if (!rest) {
				continue;
			}
			const file = path.join(target, ...rest.split('/'));
			await mkdir(path.dirname(file), { recursive: true });
			await container.getBlobClient(blob.name).downloadToFile(file, undefined, undefined, { abortSignal: signal });
			count++;
		}
		if (count === 0) {
			throw new Error(`No files found at ${location.container}/${location.prefix}.`);
		}
		return path.join(target, base);
	}
}
