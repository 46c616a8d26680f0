// Before the window reload (see index.ts): starts a Local run that keeps going until told to stop,
// and records which processes run it; afterRestart/ checks them in the next extension host.
import * as assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { harnessPidTag, harnessStartTag } from '../../../src/core/backends/local/localBackend';
import type { ExtensionApi } from '../../../src/extension';
import { activateExtension, workspaceFolder } from '../support/extension';
import { localRunNodes, submitToLocal } from '../support/localRuns';
import { controlFolder, processRecord, reloadExperiment, reloadMetric, say, waiterScript, writeHandoff } from '../support/reloadedRun';
import { until } from '../support/until';
import { screenshot } from '../support/workbench';

const driverLog = 'azureml-logs/70_driver_log.txt';

describe('A Local run across a window reload (before it)', () => {
	let api: ExtensionApi;

	before(async () => {
		api = await activateExtension();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
	});

	it('starts a run that keeps going until told to stop, shown Running in the tree', async () => {
		const folder = vscode.Uri.joinPath(workspaceFolder(), 'reload');
		mkdirSync(folder.fsPath, { recursive: true });
		const script = vscode.Uri.joinPath(folder, 'waiter.py');
		writeFileSync(script.fsPath, waiterScript);
		// Quoted, as a path with spaces must be: the parsed list is shown back to agree to.
		await submitToLocal(api, script, `"${controlFolder()}"`, reloadExperiment, [{ confirm: true }]);

		const run = await until('the run, Running in the tree', async () =>
			(await localRunNodes(api, reloadExperiment)).find((n) => String(n.getTreeItem().description).startsWith('Running')),
		);
		const { backend, runId } = run.runTarget;
		const log = await until('the script to print its process ids', async () => {
			const file = (await backend.listLogFiles(runId)).find((f) => f.name === driverLog);
			const text = file && Buffer.from((await file.reader.read(0)).bytes).toString('utf8');
			return text?.match(/^pids (\d+) (\d+)$/m) ?? undefined;
		});
		const tags = await until('the harness process recorded in the run', async () => {
			const recorded = (await backend.getRun(runId)).tags;
			return recorded[harnessPidTag] && recorded[harnessStartTag] ? recorded : undefined;
		});
		const harness = { pid: Number(tags[harnessPidTag]), start: tags[harnessStartTag] };
		assert.deepEqual(await processRecord(harness.pid), harness, 'the recorded harness is not the running one');
		say(`log ${reloadMetric} 1 1`);
		await until('the metric of step 1', async () => (await backend.getMetricHistory(runId, reloadMetric)).length === 1);
		const [scriptProcess, grandchild, extensionHost] = await Promise.all([Number(log[1]), Number(log[2]), process.pid].map(processRecord));
		assert.ok(scriptProcess && grandchild && extensionHost, `not all running: script ${log[1]}, its child ${log[2]}`);
		writeHandoff({ runId, extensionHost, harness, script: scriptProcess, grandchild });
		await screenshot('local-run-before-reload');
	});
});
