import * as vscode from 'vscode';
import { UserCancelledError } from './errors';

export type ProgressReport = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Runs a long operation under one cancellable notification: Cancel aborts the signal, and an abort
 * surfaces as a UserCancelledError (shown as nothing), so the caller can undo what the service
 * already started.
 */
export async function withCancellableProgress<T>(title: string, operation: (signal: AbortSignal, progress: ProgressReport) => Promise<T>): Promise<T> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
		const controller = new AbortController();
		const subscription = token.onCancellationRequested(() => controller.abort());
		try {
			return await operation(controller.signal, progress);
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
