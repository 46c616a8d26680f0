import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunBackend } from '../../../core/backends/types';
import { packColumns } from '../../../core/metrics/binary';
import { metricsCsv } from '../../../core/metrics/csv';
import { MetricsFeed, type FeedRunState, type SeriesChange } from '../../../core/metrics/MetricsFeed';
import { describeOthers, type OtherSummary } from '../../../core/tfevents/ScalarSeries';
import type { SeriesColumns } from '../../../core/metrics/SeriesColumns';
import { metricsViewType, runViewId, type HostMessage, type RunRef, type RunView, type WebviewMessage } from '../../../protocol/metrics';
import { extensionLog } from '../../extensionLog';
import { runStatusHub } from '../../runStatus';
import type { RunTarget } from '../../runTarget';
import { createMessageHandler, decodePngDataUrl } from './messageHandler';
import { metricsHtml } from './metricsHtml';
import { fileNameFor, saveExport } from './saveExport';

/** A run of a panel: one that loads, or one that could not be found again after a reload. */
export type PanelRun = { readonly target: RunTarget } | { readonly ref: RunRef; readonly error: string };

/** Posts and webview messages of every panel, for the integration tests (through ExtensionApi). */
export const metricsPanelEvents = {
	posted: new vscode.EventEmitter<{ readonly panel: string; readonly message: HostMessage }>(),
	received: new vscode.EventEmitter<{ readonly panel: string; readonly message: WebviewMessage }>(),
};

let backendSerial = 0;
let restoredSerial = 0;
const backendIds = new WeakMap<RunBackend, number>();

/**
 * The host side of a metric charts panel: builds the page, feeds it every metric of its runs
 * (MetricsFeed: all pages, then only new points while a run is active) and handles what the
 * webview asks for (exports). One panel per set of runs: showing the same runs again reveals it.
 */
export class MetricsPanel {
	private static readonly panels = new Map<string, MetricsPanel>();

	private readonly feed: MetricsFeed;
	private readonly views = new Map<string, RunView>();
	private readonly runIds = new Map<string, string>();
	/** The views of each run's event-file folders, which follow their run's status. */
	private readonly folderViews = new Map<string, Set<string>>();
	private readonly disposables: vscode.Disposable[] = [];
	/**
	 * Whether the webview's current document said ready. Nothing is posted before: what arrives
	 * meanwhile is in the feed and goes over whole on ready. That also covers a panel that was
	 * hidden, whose document VS Code discards and reloads when it is shown again.
	 */
	private ready = false;

	/** Shows metrics of the runs: reveals the panel already showing exactly them, or opens one. */
	static show(extensionUri: vscode.Uri, targets: readonly RunTarget[]): MetricsPanel {
		const key = panelKey(targets);
		const existing = MetricsPanel.panels.get(key);
		if (existing) {
			existing.panel.reveal();
			return existing;
		}
		const title = targets.length === 1 ? `Metrics: ${targets[0].label}` : `Metrics: ${targets.length} runs`;
		const panel = vscode.window.createWebviewPanel(metricsViewType, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
		return new MetricsPanel(panel, extensionUri, key, targets.map((target) => ({ target })));
	}

	/** Takes over a panel VS Code restored after a reload. */
	static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, runs: readonly PanelRun[]): MetricsPanel {
		const targets = runs.flatMap((r) => ('target' in r ? [r.target] : []));
		// A panel none of whose runs came back is not one that "Show Metrics" could reveal.
		return new MetricsPanel(panel, extensionUri, targets.length > 0 ? panelKey(targets) : `restored-${++restoredSerial}`, runs);
	}

	private constructor(
		private readonly panel: vscode.WebviewPanel,
		extensionUri: vscode.Uri,
		private readonly key: string,
		runs: readonly PanelRun[],
	) {
		MetricsPanel.panels.set(key, this);
		panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'azureml.svg');
		const bundle = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
		const webview = panel.webview;
		// Again for a restored panel, whose options come from the last session.
		webview.options = webviewOptions(extensionUri);
		webview.html = metricsHtml({
			cspSource: webview.cspSource,
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'metrics.js')).toString(),
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'metrics.css')).toString(),
			nonce: randomBytes(18).toString('base64'),
		});

		const feedRuns = [];
		for (const run of runs) {
			if ('target' in run) {
				const { backend, runId, label } = run.target;
				const ref = backend.workspaceId ? { kind: backend.kind, workspaceId: backend.workspaceId, runId, label } : undefined;
				const id = viewIdOf(run.target);
				this.views.set(id, { id, label, ref, live: true, loading: true });
				this.runIds.set(id, runId);
				feedRuns.push({ id, backend, runId, status: runStatusHub().feed(backend, runId) });
			} else {
				const id = runViewId(run.ref);
				this.views.set(id, { id, label: run.ref.label, ref: run.ref, live: false, loading: false, error: run.error });
			}
		}
		this.feed = new MetricsFeed(
			feedRuns,
			{
				onRunState: (id, state) => this.onRunState(id, state),
				onSeries: (id, key, change, columns) => this.postSeries(id, key, change, columns),
				onEventFolder: (parent, id, folder, others) => this.onEventFolder(parent, id, folder, others),
			},
			{ logger: extensionLog },
		);

		const handle = createMessageHandler(
			{
				ready: () => this.onReady(),
				exportCsv: () => this.exportCsv(),
				exportPng: (key, dataUrl) => saveExport(decodePngDataUrl(dataUrl), fileNameFor(key, 'png'), { name: 'PNG image', extension: 'png' }),
				reportError: (message) => extensionLog.warn(`Metrics view: ${message}`),
			},
			extensionLog,
		);
		this.disposables.push(
			webview.onDidReceiveMessage((raw: unknown) => {
				const message = handle(raw);
				if (message) {
					metricsPanelEvents.received.fire({ panel: this.key, message });
				}
			}),
			panel.onDidChangeViewState(() => this.onVisibility()),
			panel.onDidDispose(() => this.dispose()),
		);
		this.feed.setPaused(!panel.visible);
		void this.feed.start();
	}

	private onVisibility(): void {
		if (!this.panel.visible) {
			this.ready = false;
		}
		this.feed.setPaused(!this.panel.visible);
	}

	private onReady(): void {
		this.ready = true;
		for (const view of this.views.values()) {
			this.post({ type: 'run', run: view });
		}
		for (const { id, series } of this.feed.snapshot()) {
			for (const [key, columns] of series) {
				this.postSeries(id, key, { kind: 'replace' }, columns);
			}
		}
	}

	private onRunState(id: string, state: FeedRunState): void {
		const view = this.views.get(id);
		if (view) {
			const next: RunView = { id, label: view.label, ref: view.ref, status: state.status, startedAt: state.startedAt, live: state.live, loading: state.loading, error: state.error };
			this.views.set(id, next);
			this.post({ type: 'run', run: next });
		}
		for (const folderId of this.folderViews.get(id) ?? []) {
			const folder = this.views.get(folderId);
			if (folder) {
				this.setView({ ...folder, status: state.status, startedAt: state.startedAt, live: state.live, loading: false });
			}
		}
	}

	/** A folder of event files shows as a run of its own (`job · logs/train`), so its tags overlay the other folders' in one chart. */
	private onEventFolder(parent: string, id: string, folder: string, others: ReadonlyMap<string, OtherSummary>): void {
		const run = this.views.get(parent);
		if (!run) {
			return;
		}
		let folders = this.folderViews.get(parent);
		if (!folders) {
			folders = new Set();
			this.folderViews.set(parent, folders);
		}
		folders.add(id);
		this.runIds.set(id, this.runIds.get(parent) ?? parent);
		this.setView({ id, label: `${run.label} · ${folder}`, status: run.status, startedAt: run.startedAt, live: run.live, loading: false, note: describeOthers(others) });
	}

	private setView(view: RunView): void {
		this.views.set(view.id, view);
		this.post({ type: 'run', run: view });
	}

	private postSeries(run: string, key: string, change: SeriesChange, columns: SeriesColumns): void {
		const from = change.kind === 'append' ? change.from : 0;
		this.post({ type: 'series', run, key, op: change.kind, count: columns.length - from, data: packColumns(columns, from) });
	}

	private post(message: HostMessage): void {
		if (!this.ready) {
			return;
		}
		void this.panel.webview.postMessage(message);
		metricsPanelEvents.posted.fire({ panel: this.key, message });
	}

	private async exportCsv(): Promise<void> {
		const series = this.feed.snapshot().flatMap(({ id, series }) =>
			[...series].map(([key, columns]) => ({ run: this.views.get(id)?.label ?? id, runId: this.runIds.get(id) ?? id, key, columns })),
		);
		const only = this.views.size === 1 ? [...this.views.values()][0] : undefined;
		const name = only ? fileNameFor(`${only.label}-metrics`, 'csv') : 'metrics.csv';
		await saveExport(Buffer.from(metricsCsv(series), 'utf8'), name, { name: 'CSV', extension: 'csv' });
	}

	private dispose(): void {
		if (MetricsPanel.panels.get(this.key) === this) {
			MetricsPanel.panels.delete(this.key);
		}
		this.feed.dispose();
		for (const disposable of this.disposables) {
			disposable.dispose();
		}
	}
}

/** Scripts run, and only the bundle's folder can be loaded from. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
	return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

/** The same runs, in any order, are the same panel. */
function panelKey(targets: readonly RunTarget[]): string {
	return targets.map(viewIdOf).sort().join('\n');
}

function viewIdOf({ backend, runId }: RunTarget): string {
	return runViewId({ kind: backend.kind, workspaceId: backend.workspaceId ?? `#${backendId(backend)}`, runId });
}

/** Tells apart backends without a workspaceId, which cannot be named otherwise. */
function backendId(backend: RunBackend): number {
	let id = backendIds.get(backend);
	if (id === undefined) {
		id = ++backendSerial;
		backendIds.set(backend, id);
	}
	return id;
}
