import * as vscode from 'vscode';
import { redact } from '../../core/azure/redact';
import { isUserCancelled } from '../errors';
import { extensionLog } from '../extensionLog';
import type { CommandId } from './commandIds';

const rethrowForTests = process.env.AZUREML_EXPLORER_TESTING === '1';

/**
 * Registers a command behind the one error policy: a dismissed prompt ends silently, any other
 * failure is logged in full and shown as one line with a way to the log.
 */
export function registerCommand(
	context: vscode.ExtensionContext,
	id: CommandId,
	handler: (...args: never[]) => unknown,
): void {
	context.subscriptions.push(
		vscode.commands.registerCommand(id, async (...args: unknown[]) => {
			try {
				return await (handler as (...a: unknown[]) => unknown)(...args);
			} catch (error) {
				if (isUserCancelled(error)) {
					extensionLog.debug(`${id}: cancelled`);
					return undefined;
				}
				reportError(id, error);
				// Integration tests call commands directly and must see the failure, not a silent undefined.
				if (rethrowForTests) {
					throw error;
				}
				return undefined;
			}
		}),
	);
}

function reportError(id: string, error: unknown): void {
	const message = redact(error instanceof Error ? error.message : String(error));
	extensionLog.error(`${id} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
	const firstLine = message.split('\n')[0];
	void vscode.window.showErrorMessage(firstLine, 'Show Log').then((choice) => {
		if (choice) {
			extensionLog.show();
		}
	});
}
