import * as vscode from 'vscode';
import { TensorBoardModuleProbe } from '../../core/tfevents/tensorBoardModule';
import { TensorBoardProcess } from '../../core/tfevents/tensorBoardProcess';
import { extensionLog } from '../extensionLog';
import { pythonFor } from '../local/pythonInterpreter';

/** Microsoft's TensorBoard extension, which took over the Python extension's python.launchTensorBoard. */
export const tensorBoardExtensionId = 'ms-toolsai.tensorboard';
/** Its command; it takes no folder (its arguments are telemetry) and reads its tensorBoard.logDirectory setting. */
const launchCommand = 'tensorboard.launch';
/** Shows Open in TensorBoard on run nodes. */
const availableContext = 'azuremlExplorer.tensorBoardAvailable';

export const unavailable = `TensorBoard is not available: install the TensorBoard extension (${tensorBoardExtensionId}) or the tensorboard package in the selected Python (pip install tensorboard).`;

/** How TensorBoard can be opened in this window, if at all. */
export type TensorBoardRoute = 'extension' | 'python';

export interface OpenedTensorBoard {
	readonly route: TensorBoardRoute;
	readonly logdir: string;
	/** The TensorBoard started here (route `python`). */
	readonly url?: string;
	/** Whether a TensorBoard already running on this folder was shown again rather than started. */
	readonly reused: boolean;
}

/**
 * Whether TensorBoard is available (the extension, else a `tensorboard` importable by the selected
 * Python, asked once per interpreter), kept in a context key; and the TensorBoards this window
 * started, one per log folder, stopped with the window.
 */
export class TensorBoardSessions implements vscode.Disposable {
	private readonly probe = new TensorBoardModuleProbe();
	private readonly processes = new Map<string, TensorBoardProcess>();
	private readonly output = vscode.window.createOutputChannel('Azure ML: TensorBoard');
	private readonly disposables: vscode.Disposable[] = [];
	private route: TensorBoardRoute | undefined;

	constructor() {
		this.disposables.push(
			vscode.extensions.onDidChange(() => void this.refresh()),
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration('azuremlExplorer.local.python')) {
					void this.refresh();
				}
			}),
		);
	}

	/** The route last found; refresh() finds it again. */
	get available(): TensorBoardRoute | undefined {
		return this.route;
	}

	/** Looks again (the extension, then the Python's module) and updates the context key. */
	async refresh(): Promise<TensorBoardRoute | undefined> {
		let route: TensorBoardRoute | undefined;
		if (vscode.extensions.getExtension(tensorBoardExtensionId)) {
			route = 'extension';
		} else {
			try {
				const python = await pythonFor(vscode.workspace.workspaceFolders?.[0]?.uri);
				route = (await this.probe.isImportable(python)) ? 'python' : undefined;
			} catch (error) {
				// No Python at all: the command stays hidden; the reason is in the log for whoever looks.
				extensionLog.debug(`TensorBoard: no Python to look for the tensorboard package in (${(error as Error).message})`);
			}
		}
		this.route = route;
		await vscode.commands.executeCommand('setContext', availableContext, route !== undefined);
		return route;
	}

	/** Opens TensorBoard on `logdir`: through the extension, else a TensorBoard started (or reused) here. */
	async open(logdir: string, signal?: AbortSignal): Promise<OpenedTensorBoard> {
		const route = this.route ?? (await this.refresh());
		if (route === 'extension') {
			await launchThroughExtension(logdir);
			return { route, logdir, reused: false };
		}
		if (route !== 'python') {
			throw new Error(unavailable);
		}
		let server = this.processes.get(logdir);
		const reused = server?.running === true;
		if (!server || !reused) {
			const python = await pythonFor(vscode.workspace.workspaceFolders?.[0]?.uri);
			this.output.appendLine(`Starting TensorBoard on ${logdir}`);
			server = await TensorBoardProcess.start({ python, logdir, onOutput: (line) => this.output.appendLine(line), signal });
			this.processes.set(logdir, server);
		}
		await showUrl(server.url);
		return { route, logdir, url: server.url, reused };
	}

	/** Stops every TensorBoard this window started. */
	async stopAll(): Promise<void> {
		const servers = [...this.processes.values()];
		this.processes.clear();
		await Promise.all(servers.map((server) => server.stop()));
	}

	dispose(): void {
		void this.stopAll();
		this.output.dispose();
		vscode.Disposable.from(...this.disposables).dispose();
	}
}

/**
 * The extension asks for no folder: it reads tensorBoard.logDirectory (with one workspace folder or
 * none). The setting is pointed at the run's folder for the launch and put back afterwards.
 */
async function launchThroughExtension(logdir: string): Promise<void> {
	const config = vscode.workspace.getConfiguration('tensorBoard');
	const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
	const inspected = config.inspect<string>('logDirectory');
	const previous = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
	await config.update('logDirectory', logdir, target);
	try {
		await vscode.commands.executeCommand(launchCommand);
	} finally {
		await config.update('logDirectory', previous, target);
	}
}

/**
 * In the Simple Browser (built into VS Code; its command activates it) beside the editor, else the
 * system browser; through the port forwarding a remote window needs.
 */
async function showUrl(url: string): Promise<void> {
	const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
	if (vscode.extensions.getExtension('vscode.simple-browser')) {
		try {
			await vscode.commands.executeCommand('simpleBrowser.show', external.toString(true));
			return;
		} catch (error) {
			extensionLog.debug(`TensorBoard: the Simple Browser did not open (${(error as Error).message}); opening the system browser`);
		}
	}
	await vscode.env.openExternal(external);
}
