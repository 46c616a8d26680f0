import * as vscode from 'vscode';
import { LocalBackend } from '../../core/backends/local/localBackend';
import { LocalRunner } from '../../core/backends/local/localRunner';
import { localStorePath } from './localStorePath';

export type LocalChange = 'store' | 'runs';

/**
 * The "Local" workspace: where its MLflow store is (azuremlExplorer.local.store, relative to the
 * first workspace folder), the backend reading (and stopping) its runs, and the runner that starts them.
 * Runs are not stopped when the window closes: they outlive a reload.
 */
export class LocalWorkspace implements vscode.Disposable {
	readonly runner = new LocalRunner();
	private current: LocalBackend | undefined;
	private readonly changed = new vscode.EventEmitter<LocalChange>();
	/** Fires `store` when the store moved (setting or folders changed), `runs` when runs appeared in it or went. */
	readonly onDidChange = this.changed.event;
	private readonly disposables: vscode.Disposable[] = [this.changed];
	private watcher: vscode.FileSystemWatcher | undefined;

	constructor(readonly harness: string) {
		this.disposables.push(
			vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('azuremlExplorer.local.store') && this.reset()),
			vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
		);
	}

	/** The backend for the current store, or undefined when no folder is open to hold one. */
	get backend(): LocalBackend | undefined {
		if (!this.current) {
			const store = this.storePath();
			if (store) {
				this.current = new LocalBackend(store);
				this.watch(store);
			}
		}
		return this.current;
	}

	storePath(): string | undefined {
		const folder = vscode.workspace.workspaceFolders?.[0];
		return localStorePath(folder && { fsPath: folder.uri.fsPath, resource: folder.uri }, (resource) =>
			vscode.workspace.getConfiguration('azuremlExplorer', resource).get<string>('local.store'),
		);
	}

	dispose(): void {
		this.watcher?.dispose();
		vscode.Disposable.from(...this.disposables).dispose();
	}

	private reset(): void {
		this.current = undefined;
		this.watcher?.dispose();
		this.watcher = undefined;
		this.changed.fire('store');
	}

	/** Runs started outside this window (the harness by hand, another window) show up too. */
	private watch(store: string): void {
		let debounce: ReturnType<typeof setTimeout> | undefined;
		const fire = () => {
			clearTimeout(debounce);
			debounce = setTimeout(() => this.changed.fire('runs'), 300);
		};
		this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(store), '*/*/meta.yaml'), false, true, false);
		this.watcher.onDidCreate(fire);
		this.watcher.onDidDelete(fire);
	}
}
