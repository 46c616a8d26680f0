// After the window reload (see index.ts): the run restart/ started is still running, and this new
// extension host shows it, streams and charts it, and stops it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { harnessPidTag, harnessStartTag } from '../../../src/core/backends/local/localBackend';
import { readExperiments, readRun } from '../../../src/core/backends/local/mlflowFileStore';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { JobLogStream } from '../../../src/ui/logs/JobLogStream';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import { activateExtension } from '../support/extension';
import { localRunNodes } from '../support/localRuns';
import { channelShows } from '../support/outputChannels';
import { withAnswers } from '../support/prompts';
import { MetricsMessages } from '../support/metricsMessages';
import { type Handoff, isRunning, letScriptEnd, readHandoff, reloadExperiment, reloadMetric, say } from '../support/reloadedRun';
import { until } from '../support/until';
import { canReadWindow, screenshot, workbenchText } from '../support/workbench';

describe('A Local run across a window reload (after it)', () => {
	let api: ExtensionApi;
	let earlier: Handoff;
	let stream: JobLogStream | undefined;

	const runNode = async (): Promise<RunNode | undefined> => (await localRunNodes(api, reloadExperiment)).find((n) => n.runTarget.runId === earlier.runId);
	const description = (node: RunNode | undefined): string => String(node?.getTreeItem().description ?? '');
	const processes = () => [['harness', earlier.harness], ['script', earlier.script], ["script's child", earlier.grandchild]] as const;

	before(async () => {
		api = await activateExtension();
		earlier = readHandoff();
		await vscode.commands.executeCommand('azuremlExplorer.resources.focus');
	});

	after(() => {
		// Ends the script if a test failed before Cancel Job stopped it.
		letScriptEnd();
	});

	it('keeps running in the processes started before the reload (same ids and start times)', async () => {
		assert.notEqual(process.pid, earlier.extensionHost.pid, 'the extension host did not restart');
		await until('the extension host of before the reload to exit', async () => !(await isRunning(earlier.extensionHost)));
		for (const [what, recorded] of processes()) {
			assert.ok(await isRunning(recorded), `the run's ${what} (pid ${recorded.pid}) no longer runs`);
		}
		const { tags } = await api.services.local.backend!.getRun(earlier.runId);
		assert.deepEqual({ pid: Number(tags[harnessPidTag]), start: tags[harnessStartTag] }, earlier.harness);
	});

	it('shows the run Running in the tree', async () => {
		const run = await until('the run in the tree', runNode);
		assert.match(description(run), /^Running · /);
		assert.match(String(run.getTreeItem().contextValue), /\brunActive\b/);
		// As the user sees it: the run's row in the view.
		await api.services.treeView.reveal(run, { select: true, focus: false });
		if (canReadWindow()) {
			await until('the run\'s row to say Running', async () => /Running/.test(await workbenchText('.part.sidebar .monaco-list-row.selected')));
		}
		await screenshot('local-run-after-reload');
	});

	it('streams its log: what it printed before the reload, and what it prints after', async () => {
		const run = await until('the run in the tree', runNode);
		await vscode.commands.executeCommand(CommandId.StreamJobLogs, run);
		stream = api.logStreams.find(run.runTarget);
		assert.ok(stream, 'Stream Job Logs started no stream');
		await channelShows(stream, `pids ${earlier.script.pid} ${earlier.grandchild.pid}`);
		const line = `said after the reload by ${process.pid}`;
		say(line);
		await channelShows(stream, line);
	});

	it('charts its metrics: the step logged before the reload, and the one logged after', async () => {
		const run = await until('the run in the tree', runNode);
		const messages = new MetricsMessages(api);
		try {
			const { backend, runId } = run.runTarget;
			const ref = { kind: backend.kind, workspaceId: backend.workspaceId!, runId };
			await vscode.commands.executeCommand(CommandId.ShowMetrics, run);
			await until('the chart of the run, running', () => messages.lastState(ref)?.status === 'Running');
			await until('the step logged before the reload', () => messages.points(ref, reloadMetric) === 1);
			say(`log ${reloadMetric} 2 2`);
			await until('the step logged after the reload', () => messages.points(ref, reloadMetric) === 2);
			assert.ok(messages.lastState(ref)?.live, 'charted live while the run goes on');
		} finally {
			messages.dispose();
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		}
	});

	it('is stopped by Cancel Job from the tree: its processes end and it is KILLED', async () => {
		const run = await until('the run in the tree', runNode);
		await withAnswers(api, [{ confirm: true }], () => vscode.commands.executeCommand(CommandId.CancelJob, run));
		await until('the run to show Canceled', async () => description(await runNode()).startsWith('Canceled'));
		for (const [what, recorded] of processes()) {
			await until(`the run's ${what} to end`, async () => !(await isRunning(recorded)));
		}
		const store = api.services.local.backend!.store;
		const experiment = (await readExperiments(store)).find((e) => e.name === reloadExperiment);
		assert.ok(experiment, `no experiment ${reloadExperiment} in ${store}`);
		assert.equal((await readRun(experiment, earlier.runId))?.status, 'KILLED');
		if (stream) {
			assert.deepEqual(await stream.done, { reason: 'ended', status: 'Canceled' });
		}
	});
});
