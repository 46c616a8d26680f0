import type * as vscode from 'vscode';
import { eventFolderId } from '../../../src/core/metrics/MetricsFeed';
import type { ExtensionApi } from '../../../src/extension';
import { runViewId, type HostMessage, type RunRef, type RunView, type SeriesMessage, type WebviewMessage } from '../../../src/protocol/metrics';

/** What the metrics panels posted to their webviews and received from them, collected for assertions. */
export class MetricsMessages {
	readonly posted: HostMessage[] = [];
	readonly received: WebviewMessage[] = [];
	private readonly subscriptions: vscode.Disposable[];

	constructor(api: ExtensionApi) {
		this.subscriptions = [api.metrics.onDidPostMessage((e) => this.posted.push(e.message)), api.metrics.onDidReceiveMessage((e) => this.received.push(e.message))];
	}

	/** Series messages for one metric of one run (the run named as a RunRef names it), or of one of its event-file folders. */
	series(run: Omit<RunRef, 'label'>, key: string, folder?: string): SeriesMessage[] {
		const id = viewId(run, folder);
		return this.posted.filter((m): m is SeriesMessage => m.type === 'series' && m.run === id && m.key === key);
	}

	/** How many points of the metric the webview holds now: a replace starts over, an append adds. */
	points(run: Omit<RunRef, 'label'>, key: string, folder?: string): number {
		let points = 0;
		for (const m of this.series(run, key, folder)) {
			points = m.op === 'replace' ? m.count : points + m.count;
		}
		return points;
	}

	/** The run's state as the webview last heard it. */
	lastState(run: Omit<RunRef, 'label'>, folder?: string): RunView | undefined {
		const id = viewId(run, folder);
		return this.posted.flatMap((m) => (m.type === 'run' && m.run.id === id ? [m.run] : [])).at(-1);
	}

	count(type: WebviewMessage['type']): number {
		return this.received.filter((m) => m.type === type).length;
	}

	dispose(): void {
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}
}

function viewId(run: Omit<RunRef, 'label'>, folder: string | undefined): string {
	return folder === undefined ? runViewId(run) : eventFolderId(runViewId(run), folder);
}
