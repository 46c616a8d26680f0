import type * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { registerCommand } from './registerCommand';
import { showExtensionLog } from './showExtensionLog';

/** The one list of command registrations, one handler file each. */
export function registerCommands(context: vscode.ExtensionContext): void {
	registerCommand(context, CommandId.ShowExtensionLog, showExtensionLog);
}
