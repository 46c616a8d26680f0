import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { harnessPidTag, harnessStartTag } from './localBackend';
import { processStartToken } from './processIdentity';
import type { PythonCommand } from './pythonFinder';

export interface LocalSubmission {
	/** The Python that runs the harness and, through it, the script (pythonFinder.findPython). */
	readonly python: PythonCommand;
	/** python/run_local.py of the installed extension. */
	readonly harness: string;
	readonly store: string;
	readonly experiment: string;
	readonly displayName?: string;
	/** The folder snapshotted for the run (the script's folder). */
	readonly source: string;
	/** The script, relative to `source`. */
	readonly script: string;
	readonly args: readonly string[];
	/** Copy what symbolic links leading out of `source` point to (the user agreed); else they are left out. */
	readonly includeOutsideLinks?: boolean;
	/** Input name → absolute folder: `${{inputs.<name>}}` in `args` and `AZURE_ML_INPUT_<name>` (run_local.py --input). */
	readonly inputs?: Readonly<Record<string, string>>;
}

export interface StartedLocalRun {
	readonly runId: string;
	/** Settles with the harness's exit code when the run ends. */
	readonly finished: Promise<number | null>;
}

/** The harness's first stdout line: `{"event":"started","run_id":…}`. */
interface StartedEvent {
	event: 'started';
	run_id: string;
	run_dir: string;
}

/**
 * Starts scripts through python/run_local.py, detached: a run outlives the window that started it
 * (a reload, an update). It is stopped through the run store (LocalBackend.cancel), not through
 * this object, so any later window can stop it.
 */
export class LocalRunner {
	/** Resolves once the harness has written the run (so it can be shown), not when it ends. */
	submit(submission: LocalSubmission): Promise<StartedLocalRun> {
		const runId = randomUUID().replace(/-/g, '');
		const args = [
			...submission.python.args,
			'-u',
			submission.harness,
			'--store', submission.store,
			'--experiment', submission.experiment,
			'--run-id', runId,
			...(submission.displayName ? ['--run-name', submission.displayName] : []),
			'--source', submission.source,
			...(submission.includeOutsideLinks ? ['--include-outside-links'] : []),
			...inputArguments(submission.inputs ?? {}),
			'--',
			submission.script,
			...submission.args,
		];
		const python = [submission.python.command, ...submission.python.args].join(' ');
		const child = spawn(submission.python.command, args, {
			cwd: submission.source,
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group (POSIX) or console (Windows): closing the window does not end it.
			detached: true,
			windowsHide: true,
		});
		// The window may close before the run ends.
		child.unref();
		const finished = new Promise<number | null>((resolve) => child.once('close', resolve));
		return new Promise<StartedLocalRun>((resolve, reject) => {
			let stderr = '';
			child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
			child.once('error', (error: NodeJS.ErrnoException) => {
				reject(
					new Error(
						error.code === 'ENOENT'
							? `Python not found: "${python}". Select an interpreter with the Python extension or set azuremlExplorer.local.python.`
							: `Could not start ${python}: ${error.message}`,
					),
				);
			});
			const lines = createInterface({ input: child.stdout });
			lines.once('line', (line) => {
				const event = parseStarted(line);
				if (event?.run_id === runId && child.pid !== undefined) {
					void recordHarness(event.run_dir, child as ChildProcess & { pid: number }).then(() => resolve({ runId, finished }));
				}
			});
			void finished.then((code) => reject(new Error(`The local run did not start (exit code ${code}): ${stderr.trim() || 'no output'}`)));
		});
	}
}

/**
 * Puts the harness's process id and start time in the run's tags, so a later window can force the
 * run's processes to stop if the harness does not answer a stop request, and never kills another
 * process that got the same id after the harness ended.
 */
async function recordHarness(runDir: string, child: ChildProcess & { pid: number }): Promise<void> {
	const pid = child.pid;
	const start = await processStartToken(pid);
	if (start === undefined || child.exitCode !== null || child.signalCode !== null) {
		return; // Ended already: the token may be of a newcomer.
	}
	try {
		await writeFile(path.join(runDir, 'tags', harnessStartTag), start);
		await writeFile(path.join(runDir, 'tags', harnessPidTag), String(pid));
	} catch {
		// Without the record a stop request still works; only the last-resort kill is not possible.
	}
}

/** `--input NAME=FOLDER` per input: the harness splits at the first "=", which a name never holds. */
export function inputArguments(inputs: Readonly<Record<string, string>>): string[] {
	return Object.entries(inputs).flatMap(([name, folder]) => ['--input', `${name}=${folder}`]);
}

function parseStarted(line: string): StartedEvent | undefined {
	try {
		const value = JSON.parse(line) as Partial<StartedEvent>;
		return value.event === 'started' && typeof value.run_id === 'string' && typeof value.run_dir === 'string' ? (value as StartedEvent) : undefined;
	} catch {
		return undefined;
	}
}
