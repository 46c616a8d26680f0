import type { EmulatorContext } from './context';
import { fileVersionRecord, scalarRecord } from './eventFileWriter';
import type { ResolvedScenario } from './scenario';
import { MetricSeries, type JobState, type WorkspaceState } from './state';

/** The order a job's status walks, as run history reports it. */
const walk = ['NotStarted', 'Queued', 'Preparing'] as const;

function logBlobNames(job: string, scenario: Pick<ResolvedScenario, 'logLayout' | 'nodes'>): string[] {
	const prefix = `ExperimentRun/dcid.${job}`;
	if (scenario.nodes > 1) {
		return Array.from({ length: scenario.nodes }, (_, rank) => `${prefix}/user_logs/std_log_process_${rank}.txt`);
	}
	return [scenario.logLayout === 'user_logs' ? `${prefix}/user_logs/std_log.txt` : `${prefix}/azureml-logs/70_driver_log.txt`];
}

export function setStatus(job: JobState, status: string): void {
	job.status = status;
	job.resource.properties.status = status;
	if (status === 'Running' && job.startedAt === undefined) {
		job.startedAt = Date.now();
	}
	if (['Completed', 'Failed', 'Canceled'].includes(status)) {
		job.endedAt = Date.now();
	}
}

export function logMetric(job: JobState, key: string, step: number, value: number, timestamp = Date.now()): void {
	let series = job.metrics.get(key);
	if (!series) {
		series = new MetricSeries();
		job.metrics.set(key, series);
	}
	series.push(step, value, timestamp);
}

/**
 * Runs a submitted job in real time: walks the statuses, appends log lines to Azurite (one file,
 * or one per rank), logs metrics per step, and ends as the scenario says, or Canceled.
 */
export function simulateJob(context: EmulatorContext, workspace: WorkspaceState, job: JobState, scenario: ResolvedScenario): void {
	const name = job.resource.name;
	const blobs = logBlobNames(name, scenario);
	let stopped = false;
	let cancelled = false;
	let wake: (() => void) | undefined;
	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, ms);
			wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
	const hold = () =>
		new Promise<void>((resolve) => {
			wake = resolve;
			job.release = () => {
				job.release = undefined;
				resolve();
			};
		});
	job.stop = () => {
		stopped = true;
		wake?.();
	};
	job.cancel = () => {
		cancelled = true;
		wake?.();
	};

	const write = async (text: string, rank = 0) => {
		const blob = blobs[Math.min(rank, blobs.length - 1)];
		job.logBlobs.add(blob);
		const bytes = Buffer.from(text, 'utf8');
		if (!scenario.splitWrites || bytes.length < 4) {
			await context.blobs.append(workspace.artifactContainer, blob, bytes);
			return;
		}
		// Cut inside the first multi-byte character if there is one, else mid-line.
		const multi = bytes.findIndex((b) => b >= 0xc0);
		const cut = multi >= 0 ? multi + 1 : Math.floor(bytes.length / 2);
		await context.blobs.append(workspace.artifactContainer, blob, bytes.subarray(0, cut));
		await context.blobs.append(workspace.artifactContainer, blob, bytes.subarray(cut));
	};
	const everyRank = async (text: (rank: number) => string) => {
		for (let rank = 0; rank < blobs.length; rank++) {
			await write(text(rank), rank);
		}
	};
	const stamp = () => new Date().toISOString();
	/** Keras' layout: one event file per folder, the epoch (0-based) as the step. */
	const eventBlobs = ['train', 'validation'].map((folder, n) => `ExperimentRun/dcid.${name}/${scenario.eventFileFolder}/${folder}/events.out.tfevents.${Math.floor(Date.now() / 1000)}.emulator.1.${n}.v2`);
	/** Run history lists logs/ with the run's logs; other folders are artifacts only. */
	const eventFilesAreLogs = scenario.eventFileFolder === 'logs' || scenario.eventFileFolder.startsWith('logs/');
	const startedEventBlobs = new Set<string>();
	const writeEpochEvents = async (step: number) => {
		for (const [n, blob] of eventBlobs.entries()) {
			const folder = n === 0 ? 'train' : 'validation';
			const records = [...(startedEventBlobs.has(blob) ? [] : [fileVersionRecord()])];
			for (const key of ['loss', 'accuracy']) {
				records.push(scalarRecord(`epoch_${key}`, step - 1, metricValue(`${folder === 'train' ? '' : 'val_'}${key}`, step, scenario.steps)));
			}
			startedEventBlobs.add(blob);
			if (eventFilesAreLogs) {
				job.logBlobs.add(blob);
			}
			await context.blobs.append(workspace.artifactContainer, blob, Buffer.concat(records));
		}
	};

	const run = async () => {
		for (const status of walk) {
			setStatus(job, status);
			if (status === 'Preparing') {
				await everyRank((rank) => `[${stamp()}] Preparing node ${rank}: pulling image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04\n`);
			}
			await sleep(scenario.statusMs[status]);
			if (stopped || cancelled) {
				return;
			}
		}
		setStatus(job, 'Running');
		await everyRank((rank) => `[${stamp()}] Starting the training script on rank ${rank}: ${typeof job.resource.properties.command === 'string' ? job.resource.properties.command : 'python train.py'}\n`);
		for (let step = 1; step <= scenario.steps; step++) {
			await (step === scenario.holdBeforeStep ? hold() : sleep(scenario.stepMs));
			if (stopped || cancelled) {
				return;
			}
			const values = scenario.metrics.map((key) => [key, metricValue(key, step, scenario.steps)] as const);
			for (const [key, value] of values) {
				logMetric(job, key, step, value);
			}
			if (scenario.eventFiles) {
				await writeEpochEvents(step);
			}
			const line = scenario.lines
				? scenario.lines.map((l) => l.replace(/\{step\}/g, String(step)).replace(/\{steps\}/g, String(scenario.steps))).join('\n')
				: `Epoch ${step}/${scenario.steps} · ${values.map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' ')} ✓`;
			await everyRank((rank) => (rank === 0 ? `${line}\n` : `rank ${rank}: step ${step} done\n`));
		}
		if (scenario.outcome === 'Failed') {
			job.error = { code: 'UserError', message: scenario.failureMessage };
			await write(`Traceback (most recent call last):\n  File "train.py", line 42, in <module>\nRuntimeError: ${scenario.failureMessage}\n`);
			setStatus(job, 'Failed');
			return;
		}
		setStatus(job, 'Finalizing');
		await writeOutputs(context, workspace, job, values(scenario));
		await write(`[${stamp()}] Cleaning up all outstanding Run operations, waiting 300.0 seconds\nThe activity completed successfully. Finalizing run...\n`);
		await sleep(scenario.statusMs.Finalizing);
		if (!stopped && !cancelled) {
			setStatus(job, 'Completed');
		}
	};

	void run()
		.then(async () => {
			if (cancelled && !stopped) {
				await write(`[${stamp()}] Run was canceled by the user.\n`);
			}
		})
		.catch((error: unknown) => {
			if (!stopped) {
				job.warnings.push(`The emulator could not write the log: ${(error as Error).message}`);
			}
		});
}

/** The latest value of each metric, as the training script would save them beside its model. */
function values(scenario: ResolvedScenario): Record<string, number> {
	return Object.fromEntries(scenario.metrics.map((key) => [key, metricValue(key, scenario.steps, scenario.steps)]));
}

/**
 * What a training script leaves in ./outputs, which Azure ML uploads to the run's artifacts as the
 * job finalizes: an MLflow-style model folder (an `MLmodel` file at its top) and a metrics file.
 */
async function writeOutputs(context: EmulatorContext, workspace: WorkspaceState, job: JobState, latest: Record<string, number>): Promise<void> {
	const prefix = `ExperimentRun/dcid.${job.resource.name}/outputs`;
	const files: Record<string, string> = {
		'model/MLmodel': 'artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.pyfunc.model\n    python_version: 3.10.0\nmlflow_version: 2.9.2\n',
		'model/weights.json': JSON.stringify({ layers: [6, 16, 120, 84, 10] }),
		'metrics.json': JSON.stringify(latest),
	};
	for (const [name, content] of Object.entries(files)) {
		await context.blobs.append(workspace.artifactContainer, `${prefix}/${name}`, content);
	}
}

/** A loss that falls and an accuracy that rises, with a little deterministic wobble. */
function metricValue(key: string, step: number, steps: number): number {
	const progress = step / Math.max(1, steps);
	const wobble = Math.sin(step * 12.9898 + key.length) * 0.01;
	return /acc/i.test(key) ? 0.5 + 0.45 * progress + wobble : 1 / (1 + 3 * progress) + wobble;
}
