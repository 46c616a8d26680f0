// Runs TensorBoard from the user's Python (`python -m tensorboard.main`) on a log folder: no
// shell, bound to 127.0.0.1 on a port the OS picks, ready once it prints the line TensorBoard's
// server prints when it starts serving.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PythonCommand } from '../backends/local/pythonFinder';
import { stopChild } from '../stopChild';

/**
 * TensorBoard's `print_serving_message` (tensorboard/program.py) writes to stderr
 * `TensorBoard <version> at <url> (Press CTRL+C to quit)`, the URL being `http://<host>:<port>/`.
 */
const servingLine = /^TensorBoard (\S+) at (https?:\/\/\S+?)(?: \(Press CTRL\+C to quit\))?\s*$/;

/** How long stop() lets TensorBoard shut down before it is killed. */
const stopGraceMs = 5000;

/** The URL of a TensorBoard serving line, or undefined for any other output. */
export function servingUrlOf(line: string): string | undefined {
	return servingLine.exec(line)?.[2];
}

/** The arguments after the Python command; the log folder is one argument as is, whatever it holds. */
export function tensorBoardArgs(python: PythonCommand, logdir: string): string[] {
	return [...python.args, '-m', 'tensorboard.main', '--logdir', logdir, '--port', '0', '--host', '127.0.0.1'];
}

export interface TensorBoardOptions {
	readonly python: PythonCommand;
	readonly logdir: string;
	/** Every line TensorBoard writes, as it comes. */
	readonly onOutput?: (line: string) => void;
	readonly signal?: AbortSignal;
}

/** A TensorBoard this process started; stop() ends it. */
export class TensorBoardProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly logdir: string,
		/** e.g. `http://127.0.0.1:41231/`. */
		readonly url: string,
		readonly exited: Promise<number | null>,
	) {}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Resolves once TensorBoard serves; rejects with its last output when it ends before. */
	static start(options: TensorBoardOptions): Promise<TensorBoardProcess> {
		const child = spawn(options.python.command, tensorBoardArgs(options.python, options.logdir), {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1' },
			windowsHide: true,
		});
		const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
		return new Promise<TensorBoardProcess>((resolve, reject) => {
			let output = '';
			let started = false;
			const abort = (): void => {
				child.kill();
				reject(new DOMException('Cancelled', 'AbortError'));
			};
			options.signal?.addEventListener('abort', abort, { once: true });
			child.once('error', (error: NodeJS.ErrnoException) => {
				reject(new Error(error.code === 'ENOENT' ? `Python not found: "${options.python.command}".` : `Could not start TensorBoard: ${error.message}`));
			});
			const onLine = (line: string): void => {
				options.onOutput?.(line);
				output = `${output}${line}\n`.slice(-4000);
				const url = started ? undefined : servingUrlOf(line);
				if (url) {
					started = true;
					options.signal?.removeEventListener('abort', abort);
					resolve(new TensorBoardProcess(child, options.logdir, url, exited));
				}
			};
			// TensorBoard writes the line to stderr; stdout is read too, so neither pipe fills up.
			createInterface({ input: child.stderr }).on('line', onLine);
			createInterface({ input: child.stdout }).on('line', onLine);
			void exited.then((code) => {
				if (!started) {
					options.signal?.removeEventListener('abort', abort);
					reject(new Error(`TensorBoard did not start (exit code ${code}):\n${output.trim() || 'no output'}`));
				}
			});
		});
	}

	/** Ends TensorBoard (its server and the data server it started, which exits with it). */
	async stop(): Promise<void> {
		if (!this.running) {
			return;
		}
		await stopChild(this.child, this.exited, () => this.child.kill(), stopGraceMs);
	}
}
