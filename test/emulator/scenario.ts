import { readFileSync } from 'node:fs';
import type { LroTiming } from './Operations';

/** How a submitted job behaves: its timing, its log and metrics, and how it ends. */
export interface JobScenario {
	/** Milliseconds spent in each status before the next one. */
	readonly statusMs?: { readonly NotStarted?: number; readonly Queued?: number; readonly Preparing?: number; readonly Finalizing?: number };
	/** Training steps while Running; each appends log lines and logs every metric once. */
	readonly steps?: number;
	readonly stepMs?: number;
	readonly metrics?: readonly string[];
	/** Log lines for each step instead of the generated epoch line; `{step}` and `{steps}` are replaced. */
	readonly lines?: readonly string[];
	readonly outcome?: 'Completed' | 'Failed';
	readonly failureMessage?: string;
	/** `azureml-logs/70_driver_log.txt`, or the common runtime's `user_logs/std_log.txt`. */
	readonly logLayout?: 'azureml-logs' | 'user_logs';
	/** More than one node writes `user_logs/std_log_process_<rank>.txt` per rank. */
	readonly nodes?: number;
	/** Appends each step in two writes split inside a line and inside a multi-byte character. */
	readonly splitWrites?: boolean;
	/** Lifetime of the log SAS URLs that run history hands out. */
	readonly logSasTtlMs?: number;
	/**
	 * Also writes TensorBoard event files into logs/train/ and logs/validation/ each step, as Keras'
	 * TensorBoard callback does (`epoch_loss`, `epoch_accuracy`), synced live like Azure ML's logs/.
	 */
	readonly eventFiles?: boolean;
	/**
	 * The artifact folder the event files go to ('logs' by default). Only logs/ is listed with the
	 * run's logs, as Azure ML does; elsewhere (e.g. 'outputs/tensorboard') they are run artifacts only.
	 */
	readonly eventFileFolder?: string;
	/**
	 * The job waits before this training step until a test releases it (`POST /_emulator/jobs/release`),
	 * so a test can serve faults to a running job without racing the job's clock.
	 */
	readonly holdBeforeStep?: number;
}

export type ResolvedScenario = Required<Omit<JobScenario, 'statusMs' | 'lines' | 'holdBeforeStep'>> & {
	readonly statusMs: Required<NonNullable<JobScenario['statusMs']>>;
	readonly lines?: readonly string[];
	readonly holdBeforeStep?: number;
};

/** A job that takes about 15 s, as someone trying the extension by hand would like to watch. */
export const interactiveScenario: ResolvedScenario = {
	statusMs: { NotStarted: 500, Queued: 1500, Preparing: 2000, Finalizing: 1000 },
	steps: 10,
	stepMs: 1000,
	metrics: ['train_loss', 'val_loss', 'val_accuracy'],
	outcome: 'Completed',
	failureMessage: 'CUDA error: out of memory (tried to allocate 2.00 GiB)',
	logLayout: 'azureml-logs',
	nodes: 1,
	splitWrites: false,
	logSasTtlMs: 30 * 60_000,
	eventFiles: false,
	eventFileFolder: 'logs',
};

/** The same job in well under a second, for tests. */
export const fastScenario: ResolvedScenario = {
	...interactiveScenario,
	statusMs: { NotStarted: 5, Queued: 5, Preparing: 5, Finalizing: 5 },
	steps: 3,
	stepMs: 10,
};

export function resolveScenario(base: ResolvedScenario, scenario: JobScenario = {}): ResolvedScenario {
	return { ...base, ...scenario, statusMs: { ...base.statusMs, ...scenario.statusMs } };
}

/** A scenario file: `{ "job": JobScenario, "lro": { "polls"?: n, "ms"?: n } }`. */
export interface ScenarioFile {
	readonly job?: JobScenario;
	readonly lro?: LroTiming;
}

export function loadScenarioFile(file: string): ScenarioFile {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new Error(`Cannot read the scenario file ${file}: ${(error as Error).message}`, { cause: error });
	}
	const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);
	if (!isObject(parsed) || ('job' in parsed && !isObject(parsed.job)) || ('lro' in parsed && !isObject(parsed.lro))) {
		throw new Error(`The scenario file ${file} must hold a JSON object with "job" and/or "lro" objects.`);
	}
	return parsed;
}
