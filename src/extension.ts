import * as path from 'node:path';
import type { RunStatusHub } from './core/runs/RunStatusHub';
import type * as vscode from 'vscode';
import { AzureSession } from './ui/azure/AzureSession';
import { registerAzureBackendResolver } from './ui/azure/azureBackendResolver';
import { registerCommands } from './ui/commands/registerCommands';
import { disposeExtensionLog } from './ui/extensionLog';
import { LocalWorkspace } from './ui/local/LocalWorkspace';
import { registerLocalBackendResolver } from './ui/local/localBackendResolver';
import type { LogStreamManager } from './ui/logs/LogStreamManager';
import { disposeLogStreams, logStreams } from './ui/logs/logStreams';
import { disposeRunStatusHub, runStatusHub } from './ui/runStatus';
import { vscodePrompter } from './ui/prompter';
import { LocalEndpoints } from './ui/local/LocalEndpoints';
import { TensorBoardSessions } from './ui/tensorboard/TensorBoardSessions';
import { ArtifactFileSystem } from './ui/artifacts/ArtifactFileSystem';
import { useVersionSortState } from './ui/models/versionSorts';
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
	/** The shared status polls: tests drive their ticks and see what is still polled. */
	readonly runStatus: RunStatusHub;
}

/** Wiring only: no network, no synchronous disk work, no Azure SDK. */
export function activate(context: vscode.ExtensionContext, load?: LoadTiming): ExtensionApi {
	const start = load?.loadStart ?? performance.now();
	const local = new LocalWorkspace(path.join(context.extensionPath, 'python', 'run_local.py'));
	const azure = new AzureSession(context.globalState, () => services.prompt);
	useVersionSortState(context.workspaceState);
	const localEndpoints = new LocalEndpoints(path.join(context.extensionPath, 'python', 'serve_local.py'));
	const tensorBoard = new TensorBoardSessions();
	const { tree, treeView, localNode, disposables } = createResourceTree(local, azure, runStatusHub(), localEndpoints);
	context.subscriptions.push(local, azure, ...disposables, localEndpoints, tensorBoard, ArtifactFileSystem.register());
	const services: Services = { context, tree, treeView, local, localNode, azure, localEndpoints, tensorBoard, prompt: vscodePrompter };
	registerCommands(services);
	const metrics = registerMetricsPanels(context);
	// Before VS Code restores metrics panels, which it does right after activation.
	context.subscriptions.push(registerLocalBackendResolver(local));
	context.subscriptions.push(registerAzureBackendResolver(azure));
	// Silent only (no SDK load, no dialog): VS Code's account session, or the emulator's token.
	void azure.restore();
	// Finds the extension or asks the selected Python once, after activation, to show Open in TensorBoard.
	setTimeout(() => void tensorBoard.refresh(), 0);

	const timing = { loadMs: load ? load.loadEnd - load.loadStart : 0, activateMs: performance.now() - start };
	return { timing, services, logStreams: logStreams(), metrics, runStatus: runStatusHub() };
}

export function deactivate(): void {
	disposeLogStreams();
	disposeRunStatusHub();
	disposeExtensionLog();
}
