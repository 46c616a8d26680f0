import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { LocalRunCanceller } from './localBackend';

export interface LocalSubmission {
	/** The Python that runs the harness and, through it, the script. */
	readonly python: string;
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
}

/**
 * Starts scripts through python/run_local.py and keeps hold of the processes it started, so runs
 * can be stopped (the harness ends the script's whole process group and marks the run KILLED).
 */
export class LocalRunner implements LocalRunCanceller {
	private readonly running = new Map<string, ChildProcess>();

	/** Resolves once the harness has written the run (so it can be shown), not when it ends. */
	submit(submission: LocalSubmission): Promise<StartedLocalRun> {
		const runId = randomUUID().replace(/-/g, '');
		const args = [
			'-u',
			submission.harness,
			'--store', submission.store,
			'--experiment', submission.experiment,
			'--run-id', runId,
			...(submission.displayName ? ['--run-name', submission.displayName] : []),
			'--source', submission.source,
			...(submission.includeOutsideLinks ? ['--include-outside-links'] : []),
			'--',
			submission.script,
			...submission.args,
		];
		const child = spawn(submission.python, args, { cwd: submission.source, stdio: ['ignore', 'pipe', 'pipe'] });
		this.running.set(runId, child);
		const finished = new Promise<number | null>((resolve) => {
			child.once('close', (code) => {
				this.running.delete(runId);
				resolve(code);
			});
		});
		return new Promise<StartedLocalRun>((resolve, reject) => {
			let stderr = '';
			child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
			child.once('error', (error: NodeJS.ErrnoException) => {
				this.running.delete(runId);
				reject(
					new Error(
						error.code === 'ENOENT'
							? `Python not found: "${submission.python}". Select an interpreter with the Python extension or set azuremlExplorer.local.python.`
							: `Could not start ${submission.python}: ${error.message}`,
					),
				);
			});
			const lines = createInterface({ input: child.stdout });
			lines.once('line', (line) => {
				const event = parseStarted(line);
				if (event?.run_id === runId) {
					resolve({ runId, finished });
				}
			});
			void finished.then((code) => reject(new Error(`The local run did not start (exit code ${code}): ${stderr.trim() || 'no output'}`)));
		});
	}

	cancel(runId: string): boolean {
		const child = this.running.get(runId);
		return child ? child.kill('SIGTERM') : false;
	}

	isRunning(runId: string): boolean {
		return this.running.has(runId);
	}

	/** Stops every run this window started (the window is closing). */
	dispose(): void {
		for (const child of this.running.values()) {
			child.kill('SIGTERM');
		}
	}
}

function parseStarted(line: string): StartedEvent | undefined {
	try {
		const value = JSON.parse(line) as Partial<StartedEvent>;
		return value.event === 'started' && typeof value.run_id === 'string' ? (value as StartedEvent) : undefined;
	} catch {
		return undefined;
	}
}
