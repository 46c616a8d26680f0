import * as path from 'node:path';
import type * as vscode from 'vscode';
import { registerCommands } from './ui/commands/registerCommands';
import { disposeExtensionLog } from './ui/extensionLog';
import { LocalWorkspace } from './ui/local/LocalWorkspace';
import type { LogStreamManager } from './ui/logs/LogStreamManager';
import { disposeLogStreams, logStreams } from './ui/logs/logStreams';
import { vscodePrompter } from './ui/prompter';
import type { Services } from './ui/services';
import { createResourceTree } from './ui/tree/createResourceTree';
import { registerMetricsPanels, type MetricsApi } from './ui/webviews/metrics/openMetricsPanel';

/** When main.js started and finished loading the bundle (performance.now() of the extension host). */
export interface LoadTiming {
	loadStart: number;
	loadEnd: number;
}

/** What activate() returns: timings for the activation benchmark, and handles the integration tests use. */
export interface ExtensionApi {
	readonly timing: { loadMs: number; activateMs: number };
	readonly services: Services;
	/** Job log streams: tests start one on an in-memory job and read its channel and status bar. */
	readonly logStreams: LogStreamManager;
	/** Metric charts: backend resolvers for restored panels, and what the panels post and receive. */
	readonly metrics: MetricsApi;
}

/** Wiring only: no network, no synchronous disk work, no Azure SDK. */
export function activate(context: vscode.ExtensionContext, load?: LoadTiming): ExtensionApi {
	const start = load?.loadStart ?? performance.now();
	const local = new LocalWorkspace(path.join(context.extensionPath, 'python', 'run_local.py'));
	const { tree, treeView, localNode, disposables } = createResourceTree(local);
	context.subscriptions.push(local, ...disposables);
	const services: Services = { context, tree, treeView, local, localNode, prompt: vscodePrompter };
	registerCommands(services);
	const metrics = registerMetricsPanels(context);

	const timing = { loadMs: load ? load.loadEnd - load.loadStart : 0, activateMs: performance.now() - start };
	return { timing, services, logStreams: logStreams(), metrics };
}

export function deactivate(): void {
	disposeLogStreams();
	disposeExtensionLog();
}
