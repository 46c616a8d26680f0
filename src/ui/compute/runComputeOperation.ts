import * as vscode from 'vscode';
import { UserCancelledError } from '../errors';

/**
 * Runs a compute operation under one cancellable notification. The signal stops the waiting;
 * `isCancelled` lets the caller undo what the service already started.
 */
export async function runComputeOperation<T>(title: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
		const controller = new AbortController();
		const subscription = token.onCancellationRequested(() => controller.abort());
		try {
			return await operation(controller.signal);
		} catch (error) {
			if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') {
				throw new UserCancelledError(title);
			}
			throw error;
		} finally {
			subscription.dispose();
		}
	});
}
