import type * as vscode from 'vscode';
import { registerCommands } from './ui/commands/registerCommands';
import { disposeExtensionLog } from './ui/extensionLog';

/** When main.js started and finished loading the bundle (performance.now() of the extension host). */
export interface LoadTiming {
	loadStart: number;
	loadEnd: number;
}

/** What activate() returns: timings for the activation benchmark, and handles the integration tests use. */
export interface ExtensionApi {
	readonly timing: { loadMs: number; activateMs: number };
}

/** Wiring only: no network, no synchronous disk work, no Azure SDK. */
export function activate(context: vscode.ExtensionContext, load?: LoadTiming): ExtensionApi {
	const start = load?.loadStart ?? performance.now();
	registerCommands(context);

	const timing = { loadMs: load ? load.loadEnd - load.loadStart : 0, activateMs: performance.now() - start };
	return { timing };
}

export function deactivate(): void {
	disposeExtensionLog();
}
