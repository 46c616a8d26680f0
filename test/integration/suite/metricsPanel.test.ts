import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { runViewId, type HostMessage, type PersistedState, type SeriesMessage, type WebviewMessage } from '../../../src/protocol/metrics';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { RunTarget } from '../../../src/ui/runTarget';
import { InMemoryRunBackend, trainingCurve } from '../../support/InMemoryRunBackend';
import { activateExtension, waitFor } from '../support/extension';
import { screenshot } from '../support/workbench';

/** A tree node standing for a run, as the commands receive it. */
const node = (backend: InMemoryRunBackend, runId: string, label = runId): { runTarget: RunTarget } => ({ runTarget: { backend, runId, label } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A few of the panel's 3 s refresh intervals. */
const quietMs = 7_000;

describe('Metric charts panel in VS Code', function () {
	this.timeout(120_000);
	let api: ExtensionApi;
	const posted: HostMessage[] = [];
	const received: WebviewMessage[] = [];
	const subscriptions: vscode.Disposable[] = [];

	before(async () => {
		api = await activateExtension();
		subscriptions.push(
			api.metrics.onDidPostMessage((e) => posted.push(e.message)),
			api.metrics.onDidReceiveMessage((e) => received.push(e.message)),
		);
	});
	after(() => {
		for (const subscription of subscriptions) {
			subscription.dispose();
		}
	});
	afterEach(async () => {
		assert.deepEqual(received.filter((m) => m.type === 'reportError'), [], 'the webview reported no problem');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	/** Series messages the host posted for a run (by the run's id in the panel) and key. */
	const seriesOf = (workspaceId: string, runId: string, key: string) =>
		posted.filter((m): m is SeriesMessage => m.type === 'series' && m.run === runViewId({ kind: 'local', workspaceId, runId }) && m.key === key);
	const pointsOf = (workspaceId: string, runId: string, key: string) => {
		let points = 0;
		for (const m of seriesOf(workspaceId, runId, key)) {
			points = m.op === 'replace' ? m.count : points + m.count;
		}
		return points;
	};
	const runStates = (workspaceId: string, runId: string) =>
		posted.flatMap((m) => (m.type === 'run' && m.run.id === runViewId({ kind: 'local', workspaceId, runId }) ? [m.run] : []));

	it('opens on an active run, appends its new points as they are logged, and stops polling when it ends', async () => {
		const ws = 'memory://metrics-live';
		const backend = new InMemoryRunBackend('local', ws).addRun('train', 'Running').log('train', 'loss', trainingCurve(0, 20)).log('train', 'accuracy', trainingCurve(0, 20));
		const readyBefore = received.filter((m) => m.type === 'ready').length;
		await vscode.commands.executeCommand(CommandId.ShowMetrics, node(backend, 'train'));
		await waitFor('the webview to say ready', () => received.filter((m) => m.type === 'ready').length > readyBefore);
		await waitFor('the first 20 points of loss', () => pointsOf(ws, 'train', 'loss') === 20);
		assert.deepEqual(seriesOf(ws, 'train', 'loss').map((m) => m.op), ['replace']);
		assert.ok(seriesOf(ws, 'train', 'loss')[0].data instanceof ArrayBuffer, 'points cross as an ArrayBuffer');

		// The script logs more while it trains: only the new points go over, appended.
		backend.log('train', 'loss', trainingCurve(20, 35));
		await waitFor('loss to grow to 35 points', () => pointsOf(ws, 'train', 'loss') === 35);
		assert.deepEqual(seriesOf(ws, 'train', 'loss').map((m) => [m.op, m.count]), [['replace', 20], ['append', 15]]);

		// The last points and the end of the run land between two polls.
		backend.log('train', 'loss', trainingCurve(35, 40)).setStatus('train', 'Completed');
		await waitFor('the run to show as ended', () => runStates(ws, 'train').some((r) => r.status === 'Completed' && !r.live));
		assert.equal(pointsOf(ws, 'train', 'loss'), 40);
		const calls = backend.calls.getRun;
		await sleep(quietMs);
		assert.equal(backend.calls.getRun, calls, 'no refresh after the run ended');
	});

	it('compares two runs in one panel and shows a run that cannot load without losing the others', async () => {
		const ws = 'memory://metrics-compare';
		const t0 = Date.now() - 600_000;
		const backend = new InMemoryRunBackend('local', ws)
			.addRun('lenet-lr0.01', 'Running', t0)
			.log('lenet-lr0.01', 'loss', trainingCurve(0, 120, { t0, seed: 1 }))
			.log('lenet-lr0.01', 'accuracy', trainingCurve(0, 120, { t0, seed: 3 }).map((p) => ({ ...p, value: 1 - p.value / 3 })))
			.addRun('lenet-lr0.1', 'Completed', t0)
			.log('lenet-lr0.1', 'loss', trainingCurve(0, 80, { t0, seed: 2, start: 1.6 }))
			.log('lenet-lr0.1', 'accuracy', trainingCurve(0, 80, { t0, seed: 4, start: 1.6 }).map((p) => ({ ...p, value: 1 - p.value / 3 })));
		const a = node(backend, 'lenet-lr0.01');
		const b = node(backend, 'lenet-lr0.1');
		const gone = node(backend, 'deleted-run');
		await vscode.commands.executeCommand(CommandId.CompareMetrics, a, [a, b, gone]);
		await waitFor('both runs drawn', () => pointsOf(ws, 'lenet-lr0.01', 'loss') === 120 && pointsOf(ws, 'lenet-lr0.1', 'accuracy') === 80);
		await waitFor('the missing run shown as an error', () => runStates(ws, 'deleted-run').some((r) => /No run deleted-run/.test(r.error ?? '')));
		// Selecting the same runs again reveals that panel rather than opening another.
		const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview).length;
		await vscode.commands.executeCommand(CommandId.CompareMetrics, b, [b, gone, a]);
		assert.equal(tabs(), 1);
		await screenshot('metrics-panel-compare', 2_500);
	});

	it('stops polling while the panel is hidden and catches up when it is shown again', async () => {
		const ws = 'memory://metrics-hidden';
		const backend = new InMemoryRunBackend('local', ws).addRun('train', 'Running').log('train', 'loss', trainingCurve(0, 10));
		const run = node(backend, 'train');
		await vscode.commands.executeCommand(CommandId.ShowMetrics, run);
		await waitFor('the first points', () => pointsOf(ws, 'train', 'loss') === 10);

		await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
		await sleep(500);
		const calls = backend.calls.getRun;
		backend.log('train', 'loss', trainingCurve(10, 25));
		await sleep(quietMs);
		assert.equal(backend.calls.getRun, calls, 'no refresh while hidden');

		const readyBefore = received.filter((m) => m.type === 'ready').length;
		await vscode.commands.executeCommand(CommandId.ShowMetrics, run);
		// VS Code reloads a hidden webview's page when it is shown: the host sends everything again.
		await waitFor('the page to load again', () => received.filter((m) => m.type === 'ready').length > readyBefore);
		await waitFor('the points logged while hidden', () => pointsOf(ws, 'train', 'loss') === 25);
		backend.setStatus('train', 'Completed');
	});

	it('reopens on the same runs after a window reload, through the backend resolver', async () => {
		const ws = 'memory://metrics-restore';
		const backend = new InMemoryRunBackend('local', ws).addRun('kept', 'Completed').log('kept', 'loss', trainingCurve(0, 50));
		const resolver = api.metrics.registerBackendResolver('local', (workspaceId) => (workspaceId === ws ? backend : undefined));
		try {
			const state: PersistedState = {
				version: 1,
				runs: [
					{ kind: 'local', workspaceId: ws, runId: 'kept', label: 'kept' },
					{ kind: 'local', workspaceId: 'memory://elsewhere', runId: 'lost', label: 'lost' },
				],
				ui: { xAxis: 'relative', smoothing: 0.6, logScale: false, hiddenKeys: [], hiddenRuns: [] },
			};
			// What VS Code does after a reload: a panel of the registered view type, handed to the serializer with the stored state.
			const panel = vscode.window.createWebviewPanel('azuremlExplorer.metrics', 'Metrics', vscode.ViewColumn.Active);
			await api.metrics.restore(panel, state);
			await waitFor('the kept run drawn again', () => pointsOf(ws, 'kept', 'loss') === 50);
			const lost = posted.flatMap((m) => (m.type === 'run' && m.run.label === 'lost' ? [m.run] : []));
			assert.match(lost.at(-1)?.error ?? '', /Cannot reopen this run: The workspace memory:\/\/elsewhere is not available/);
			assert.deepEqual(lost.at(-1)?.ref, state.runs[1], 'kept in the state, so a later reload tries again');
		} finally {
			resolver.dispose();
		}
	});

	it('closes a restored panel that has no runs to reopen', async () => {
		const panel = vscode.window.createWebviewPanel('azuremlExplorer.metrics', 'Metrics', vscode.ViewColumn.Active);
		let disposed = false;
		panel.onDidDispose(() => (disposed = true));
		await api.metrics.restore(panel, { garbage: true });
		assert.ok(disposed);
	});
});
