// Starts python/serve_local.py for a Local endpoint: the scoring script's init() once, then
// POST /score on 127.0.0.1 at a free port. The server's stdin is a pipe it watches: when this
// process ends, however it ends, the pipe closes and the server stops, so no server outlives the window.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { PythonCommand } from '../backends/local/pythonFinder';
import { stopChild } from '../stopChild';

export interface LocalScoringServerOptions {
	readonly python: PythonCommand;
	/** python/serve_local.py of the installed extension. */
	readonly server: string;
	/** The scoring script, absolute; its folder is the code folder (AML_APP_ROOT and the working folder). */
	readonly scoringScript: string;
	/** The model version's files, given to the script as AZUREML_MODEL_DIR. */
	readonly modelDir: string;
	/** Every line the server writes (init()'s and run()'s prints, tracebacks), as it comes. */
	readonly onOutput?: (line: string) => void;
	readonly signal?: AbortSignal;
}

const listening = /^Listening on (http:\/\/127\.0\.0\.1:(\d+))$/;
/** How long stop() waits after closing stdin before it kills the server. */
const stopGraceMs = 5000;

export class LocalScoringServer {
	private constructor(
		private readonly child: ChildProcess,
		/** e.g. `http://127.0.0.1:53123`. */
		readonly baseUri: string,
		/** Settles with the exit code once the server has ended. */
		readonly exited: Promise<number | null>,
	) {}

	get scoringUri(): string {
		return `${this.baseUri}/score`;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Resolves once init() has returned and the server listens; rejects with the traceback when it cannot start. */
	static start(options: LocalScoringServerOptions): Promise<LocalScoringServer> {
		const child = spawn(
			options.python.command,
			[...options.python.args, '-u', options.server, '--entry_script', options.scoringScript, '--model_dir', options.modelDir, '--port', '0', '--stop_on_stdin_eof'],
			{ cwd: path.dirname(options.scoringScript), stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, AML_APP_ROOT: path.dirname(options.scoringScript), PYTHONIOENCODING: 'utf-8' }, windowsHide: true },
		);
		const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
		let stderr = '';
		createInterface({ input: child.stderr }).on('line', (line) => {
			stderr = `${stderr}${line}\n`.slice(-8000);
			options.onOutput?.(line);
		});
		return new Promise<LocalScoringServer>((resolve, reject) => {
			let started = false;
			const abort = (): void => {
				child.stdin?.end();
				child.kill();
				reject(new DOMException('Cancelled', 'AbortError'));
			};
			options.signal?.addEventListener('abort', abort, { once: true });
			child.once('error', (error: NodeJS.ErrnoException) => {
				reject(
					new Error(
						error.code === 'ENOENT'
							? `Python not found: "${options.python.command}". Select an interpreter with the Python extension or set azuremlExplorer.local.python.`
							: `Could not start ${options.python.command}: ${error.message}`,
					),
				);
			});
			createInterface({ input: child.stdout }).on('line', (line) => {
				const match = started ? null : listening.exec(line.trim());
				if (match) {
					started = true;
					options.signal?.removeEventListener('abort', abort);
					resolve(new LocalScoringServer(child, match[1], exited));
				} else {
					options.onOutput?.(line);
				}
			});
			void exited.then((code) => {
				if (!started) {
					options.signal?.removeEventListener('abort', abort);
					reject(new Error(`The scoring script did not start (exit code ${code}):\n${stderr.trim() || 'no output'}`));
				}
			});
		});
	}

	/** Stops the server: closing its stdin asks it to stop; a server that does not is killed. */
	async stop(): Promise<void> {
		if (!this.running) {
			return;
		}
		await stopChild(this.child, this.exited, () => this.child.stdin?.end(), stopGraceMs);
	}
}
