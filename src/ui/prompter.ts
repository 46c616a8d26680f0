import * as vscode from 'vscode';
import { UserCancelledError } from './errors';

/**
 * Every question a command asks the user goes through this seam: dismissing a prompt throws
 * UserCancelledError (the command ends silently), and tests can swap in scripted answers instead
 * of driving VS Code's widgets.
 */
export interface Prompter {
	inputBox(options: vscode.InputBoxOptions): Promise<string>;
	quickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions): Promise<T>;
	quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions): Promise<T[]>;
	/** A modal warning with one action; true when the user chose it. */
	confirm(message: string, action: string, detail?: string): Promise<boolean>;
	/** A folder on this machine (e.g. where to download to), absolute. */
	pickFolder(options: { title: string; defaultUri?: vscode.Uri }): Promise<string>;
}

export const vscodePrompter: Prompter = {
	async inputBox(options) {
		return answered(await vscode.window.showInputBox({ ignoreFocusOut: true, ...options }), options.title ?? options.prompt);
	},
	async quickPick(items, options) {
		return answered(await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: false }), options.title);
	},
	async quickPickMany(items, options) {
		return answered(await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true }), options.title);
	},
	async confirm(message, action, detail) {
		return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
	},
	async pickFolder({ title, defaultUri }) {
		const picked = await vscode.window.showOpenDialog({ title, defaultUri, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Select Folder' });
		return answered(picked?.[0], title).fsPath;
	},
};

function answered<T>(value: T | undefined, step: string | undefined): T {
	if (value === undefined) {
		throw new UserCancelledError(step);
	}
	return value;
}
