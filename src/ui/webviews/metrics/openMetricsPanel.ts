// Registration of the metric charts panel: its serializer (a panel survives a window reload and
// reopens on the same runs), and the one way to open it, for commands and the submit flow.
import * as vscode from 'vscode';
import { metricsViewType, parsePersistedState, type HostMessage, type WebviewMessage } from '../../../protocol/metrics';
import { extensionLog } from '../../extensionLog';
import type { RunTarget } from '../../runTarget';
import { registerBackendResolver, resolveBackend } from './backendResolvers';
import { metricsPanelEvents, MetricsPanel, type PanelRun } from './MetricsPanel';

/** What ExtensionApi exposes of the metrics panel (the integration tests use it). */
export interface MetricsApi {
	readonly registerBackendResolver: typeof registerBackendResolver;
	/** Every message a panel host posted to its webview. */
	readonly onDidPostMessage: vscode.Event<{ readonly panel: string; readonly message: HostMessage }>;
	/** Every valid message a panel host received from its webview. */
	readonly onDidReceiveMessage: vscode.Event<{ readonly panel: string; readonly message: WebviewMessage }>;
	/** What VS Code calls for a panel restored after a reload. */
	restore(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

let extensionUri: vscode.Uri | undefined;

export function registerMetricsPanels(context: vscode.ExtensionContext): MetricsApi {
	extensionUri = context.extensionUri;
	context.subscriptions.push(
		vscode.window.registerWebviewPanelSerializer(metricsViewType, { deserializeWebviewPanel: restore }),
		metricsPanelEvents.posted,
		metricsPanelEvents.received,
	);
	return {
		registerBackendResolver,
		onDidPostMessage: metricsPanelEvents.posted.event,
		onDidReceiveMessage: metricsPanelEvents.received.event,
		restore,
	};
}

/** Opens (or reveals) the metric charts of one or more runs; the submit flow calls it for a new job. */
export function openMetricsPanel(targets: readonly RunTarget[]): void {
	if (!extensionUri) {
		throw new Error('The metrics view is not registered yet.');
	}
	if (targets.length === 0) {
		throw new Error('No runs to show metrics for.');
	}
	MetricsPanel.show(extensionUri, targets);
}

async function restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
	const persisted = parsePersistedState(state);
	if (!extensionUri || !persisted || persisted.runs.length === 0) {
		extensionLog.info('A metrics panel from the last session had no runs to reopen; closing it.');
		panel.dispose();
		return;
	}
	const runs = await Promise.all(
		persisted.runs.map(async (ref): Promise<PanelRun> => {
			try {
				return { target: { backend: await resolveBackend(ref.kind, ref.workspaceId), runId: ref.runId, label: ref.label } };
			} catch (error) {
				return { ref, error: `Cannot reopen this run: ${error instanceof Error ? error.message : String(error)}` };
			}
		}),
	);
	MetricsPanel.revive(panel, extensionUri, runs);
}
