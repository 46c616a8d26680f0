import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { harnessPidTag, harnessStartTag, LocalBackend } from '../../../../../src/core/backends/local/localBackend';
import { LocalRunner } from '../../../../../src/core/backends/local/localRunner';
import { processStartToken } from '../../../../../src/core/backends/local/processIdentity';

const projectRoot = path.join(__dirname, '..', '..', '..', '..', '..', '..');
const harness = path.join(projectRoot, 'python', 'run_local.py');
const python3 = { command: 'python3', args: [] };

describe('Local backend (MLflow file store written by python/run_local.py)', function () {
	this.timeout(60_000);
	let dir: string;
	let store: string;
	let runner: LocalRunner;
	let backend: LocalBackend;

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'local-backend-'));
		store = path.join(dir, 'mlruns');
		runner = new LocalRunner();
		backend = new LocalBackend(store);
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	function script(name: string, body: string): void {
		writeFileSync(path.join(dir, name), body);
	}

	async function submit(name: string, args: string[] = [], experiment = 'exp'): Promise<{ runId: string; exitCode: number | null }> {
		const run = await runner.submit({ python: python3, harness, store, experiment, source: dir, script: name, args });
		return { runId: run.runId, exitCode: await run.finished };
	}

	it('reads a finished run: status, params, tags, metrics in logging order, driver log', async () => {
		script(
			'train.py',
			[
				'import sys, mlflow',
				'mlflow.log_param("lr", "0.1")',
				'for step in range(3):',
				'    mlflow.log_metric("loss", 1.0 / (step + 1), step=step)',
				'    print("epoch", step)',
				'from azureml.core import Run',
				'Run.get_context().log_list("acc", [0.5, 0.7, 0.6])',
				'print("args", sys.argv[1:])',
			].join('\n'),
		);
		const { runId, exitCode } = await submit('train.py', ['--epochs', '3']);
		assert.equal(exitCode, 0);

		const run = await backend.getRun(runId);
		assert.equal(run.status, 'Completed');
		assert.equal(run.experiment, 'exp');
		assert.equal(run.params.lr, '0.1');
		assert.equal(run.error, undefined);
		assert.ok(run.startedAt! <= run.endedAt!);

		assert.deepEqual((await backend.listMetricKeys(runId)).sort(), ['acc', 'loss']);
		assert.deepEqual((await backend.getMetricHistory(runId, 'loss')).map((p) => [p.step, p.value]), [[0, 1], [1, 0.5], [2, 1 / 3]]);
		// A v1 log_list is one key, all at step 0, in the order it was logged.
		assert.deepEqual((await backend.getMetricHistory(runId, 'acc')).map((p) => p.value), [0.5, 0.7, 0.6]);

		const logs = await backend.listLogFiles(runId);
		const driver = logs.find((l) => l.name === 'azureml-logs/70_driver_log.txt');
		assert.ok(driver, `log files: ${logs.map((l) => l.name).join(', ')}`);
		const text = Buffer.from((await driver.reader.read(0)).bytes).toString('utf8');
		assert.match(text, /epoch 0\nepoch 1\nepoch 2\nargs \['--epochs', '3'\]/);
		const tail = await driver.reader.read(text.length);
		assert.equal(tail.bytes.length, 0);
		assert.equal(tail.size, Buffer.byteLength(text));
	});

	it('lists the artifacts a run wrote, with sizes and file addresses, by prefix, and reads them', async () => {
		script('train.py', ['import os', 'os.makedirs("outputs/model", exist_ok=True)', 'open("outputs/model/MLmodel", "w").write("flavors: {}\\n")', 'open("outputs/weights.bin", "wb").write(bytes(1000))'].join('\n'));
		const { runId, exitCode } = await submit('train.py');
		assert.equal(exitCode, 0);
		const outputs = await backend.listArtifacts(runId, 'outputs/');
		assert.deepEqual(
			outputs.map((a) => [a.path, a.size]),
			[['outputs/model/MLmodel', 12], ['outputs/weights.bin', 1000]],
		);
		assert.ok((await backend.listArtifacts(runId, '')).some((a) => a.path === 'azureml-logs/70_driver_log.txt'));
		const read = await backend.artifactReader(runId, outputs[0]).read(0);
		assert.equal(Buffer.from(read.bytes).toString('utf8'), 'flavors: {}\n');
	});

	it('lists the event files a run wrote under logs/ and outputs/, at any depth, and reads them', async () => {
		const keras = path.join(projectRoot, '..', 'shared', 'test-data', 'tfevents', 'tfx-keras', 'validation', 'events.out.tfevents.1598485465.penguin.1486.7304.v2');
		script(
			'train.py',
			[
				'import os, shutil, sys',
				'for folder in ("logs/fit/validation", "outputs/runs", "logs/other"):',
				'    os.makedirs(folder)',
				`shutil.copy(sys.argv[1], "logs/fit/validation/events.out.tfevents.1598485465.penguin.1486.7304.v2")`,
				'open("outputs/runs/events.out.tfevents.1.host", "wb").close()',
				'open("logs/other/notes.txt", "w").close()',
			].join('\n'),
		);
		const { runId, exitCode } = await submit('train.py', [keras]);
		assert.equal(exitCode, 0);
		const files = await backend.listEventFiles(runId);
		assert.deepEqual(files.map((f) => f.name).sort(), ['logs/fit/validation/events.out.tfevents.1598485465.penguin.1486.7304.v2', 'outputs/runs/events.out.tfevents.1.host']);
		const validation = files.find((f) => f.name.startsWith('logs/'));
		assert.equal((await validation?.reader.read(0))?.bytes.length, readFileSync(keras).length);
	});

	it('lists runs newest first, by experiment, one page at a time', async () => {
		script('quick.py', 'print("hi")');
		const first = await submit('quick.py', [], 'alpha');
		const second = await submit('quick.py', [], 'alpha');
		const other = await submit('quick.py', [], 'beta');
		const all = await backend.listRuns({});
		assert.deepEqual(all.runs.map((r) => r.id), [other.runId, second.runId, first.runId]);
		assert.equal(all.nextPageToken, undefined);
		assert.deepEqual((await backend.listRuns({ experiment: 'alpha' })).runs.map((r) => r.id), [second.runId, first.runId]);
		const experiments = await backend.listExperiments();
		assert.deepEqual(experiments.map((e) => [e.name, e.runCount]), [['beta', 1], ['alpha', 2]]);
	});

	it('explains a failed run with its exit code and the exception', async () => {
		script('boom.py', 'raise ValueError("bad learning rate")');
		const { runId, exitCode } = await submit('boom.py');
		assert.equal(exitCode, 1);
		const run = await backend.getRun(runId);
		assert.equal(run.status, 'Failed');
		assert.equal(run.error, 'Exit code 1: ValueError: bad learning rate');
	});

	it('stops a running run and marks it canceled', async () => {
		script('slow.py', 'import time\nprint("started", flush=True)\ntime.sleep(60)');
		const run = await runner.submit({ python: python3, harness, store, experiment: 'exp', source: dir, script: 'slow.py', args: [] });
		assert.equal((await backend.getRun(run.runId)).status, 'Running');
		await backend.cancel(run.runId);
		await run.finished;
		assert.equal((await backend.getRun(run.runId)).status, 'Canceled');
		await assert.rejects(backend.cancel(run.runId), /not running/);
	});

	it('stops a run from a backend that did not start it (a reloaded window), through the store, with no signal', async () => {
		script('slow.py', 'import time\nprint("started", flush=True)\ntime.sleep(60)');
		const run = await runner.submit({ python: python3, harness, store, experiment: 'exp', source: dir, script: 'slow.py', args: [] });
		const tags = (await backend.getRun(run.runId)).tags;
		assert.equal(tags[harnessPidTag], String(tagPid(tags)));
		assert.equal(tags[harnessStartTag], await processStartToken(tagPid(tags)));
		const afterReload = new LocalBackend(store);
		await afterReload.cancel(run.runId);
		// 143: the harness's answer to its stop file (a signal would give 128 + its number, or none on Windows).
		assert.equal(await run.finished, 143);
		assert.equal((await afterReload.getRun(run.runId)).status, 'Canceled');
	});

	it('kills the process tree of a harness that does not answer a stop request, and marks the run canceled', async () => {
		const stuck = startDetachedSleeper();
		const runId = fakeRunningRun(stuck.pid!, await processStartToken(stuck.pid!));
		const impatient = new LocalBackend(store, { forceAfterMs: 0 });
		const exited = new Promise((resolve) => stuck.once('exit', resolve));
		await impatient.cancel(runId);
		await impatient.forceIfStillRunning(runId);
		await exited;
		assert.equal((await impatient.getRun(runId)).status, 'Canceled');
	});

	it('never kills a process that got the recorded id after the harness ended, and ends the orphaned run', async () => {
		const newcomer = startDetachedSleeper();
		try {
			const runId = fakeRunningRun(newcomer.pid!, 'the start time of a process long gone');
			const impatient = new LocalBackend(store, { forceAfterMs: 0 });
			await impatient.cancel(runId);
			await impatient.forceIfStillRunning(runId);
			assert.notEqual(await processStartToken(newcomer.pid!), undefined, 'the newcomer was killed');
			assert.equal((await impatient.getRun(runId)).status, 'Canceled');
		} finally {
			process.kill(-newcomer.pid!, 'SIGKILL');
		}
	});

	it('leaves a run started by hand (no process record) running after the grace period: only its harness can end it', async () => {
		const runId = fakeRunningRun(1, undefined);
		rmSync(path.join(store, '1', runId, 'tags'), { recursive: true });
		const impatient = new LocalBackend(store, { forceAfterMs: 0 });
		await impatient.cancel(runId);
		await impatient.forceIfStillRunning(runId);
		assert.equal((await impatient.getRun(runId)).status, 'Running');
		assert.equal(readFileSync(path.join(store, '1', runId, 'azureml-explorer.stop'), 'utf8'), '');
	});

	/** A run folder left RUNNING by a harness with the given process record. */
	function fakeRunningRun(pid: number, start: string | undefined): string {
		const runId = 'stuckrun';
		const experimentDir = path.join(store, '1');
		mkdirSync(path.join(experimentDir, runId, 'tags'), { recursive: true });
		writeFileSync(path.join(experimentDir, 'meta.yaml'), "experiment_id: '1'\nname: exp\nlifecycle_stage: active\n");
		writeFileSync(path.join(experimentDir, runId, 'meta.yaml'), `run_id: ${runId}\nstatus: 1\nstart_time: ${Date.now()}\nend_time: null\nlifecycle_stage: active\n`);
		writeFileSync(path.join(experimentDir, runId, 'tags', harnessPidTag), String(pid));
		writeFileSync(path.join(experimentDir, runId, 'tags', harnessStartTag), start ?? '');
		return runId;
	}

	it('refuses to start with a Python that does not exist, naming the setting', async () => {
		script('quick.py', 'print("hi")');
		await assert.rejects(
			runner.submit({ python: { command: '/nonexistent/python', args: [] }, harness, store, experiment: 'exp', source: dir, script: 'quick.py', args: [] }),
			/Python not found: "\/nonexistent\/python".*azuremlExplorer\.local\.python/,
		);
	});

	it('reads non-finite values, skips a metric line still being written, and refuses unknown run ids', async () => {
		script('quick.py', 'import mlflow\nmlflow.log_metric("m", 1.5, step=4)');
		const { runId } = await submit('quick.py');
		const run = (await backend.listRuns({})).runs[0];
		const metricFile = path.join(store, '1', run.id, 'metrics', 'm');
		writeFileSync(metricFile, `${readFileSync(metricFile, 'utf8')}1700000000000 inf 5\n1700000000001 nan 6\n1700000000002 2.5`);
		assert.deepEqual((await backend.getMetricHistory(runId, 'm')).map((p) => p.value), [1.5, Infinity, NaN]);
		await assert.rejects(backend.getRun('0123456789abcdef'), /not found/);
		await assert.rejects(backend.getRun('../etc'), /Invalid local run id/);
	});

	it('shows an empty store as no experiments, and ignores MLflow housekeeping folders', async () => {
		assert.deepEqual(await backend.listExperiments(), []);
		mkdirSync(path.join(store, '.trash'), { recursive: true });
		mkdirSync(path.join(store, '.creating-x'), { recursive: true });
		assert.deepEqual((await backend.listRuns({})).runs, []);
	});
});

function tagPid(tags: Record<string, string>): number {
	return Number(tags[harnessPidTag]);
}

/** A process in a group of its own, as the runner starts the harness. */
function startDetachedSleeper(): ChildProcess {
	return spawn('python3', ['-c', 'import time; time.sleep(60)'], { detached: true, stdio: 'ignore' });
}
