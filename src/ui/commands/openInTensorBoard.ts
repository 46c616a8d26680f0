import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocalBackend } from '../../core/backends/local/localBackend';
import { downloadEventFiles, type DownloadSummary } from '../../core/tfevents/eventFileDownload';
import { UserCancelledError } from '../errors';
import { extensionLog } from '../extensionLog';
import { requireTrustToRunCode } from '../local/workspaceTrust';
import { runTargetOf, type RunTarget } from '../runTarget';
import type { Services } from '../services';
import { unavailable, type OpenedTensorBoard } from '../tensorboard/TensorBoardSessions';
import { pickRun } from './pickRuns';

export interface OpenInTensorBoardResult extends OpenedTensorBoard {
	/** What an Azure run's download fetched (absent for a Local run, read in place). */
	readonly download?: DownloadSummary;
}

/**
 * Opens a run's logs/ folder in TensorBoard. A Local run's folder is used where it is; an Azure
 * job's event files are brought into a cache under the extension's storage, only their new bytes
 * each time, so opening it again while it trains fetches what was added.
 */
export async function openInTensorBoard(services: Services, node?: unknown): Promise<OpenInTensorBoardResult> {
	const target = runTargetOf(node) ?? (await pickRun(services, 'Open in TensorBoard…'));
	const route = services.tensorBoard.available ?? (await services.tensorBoard.refresh());
	if (!route) {
		throw new Error(unavailable);
	}
	if (route === 'python') {
		requireTrustToRunCode(vscode.workspace.isTrusted, 'Open in TensorBoard');
	}
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Opening ${target.label} in TensorBoard`, cancellable: true },
		async (progress, token) => {
			const controller = new AbortController();
			const subscription = token.onCancellationRequested(() => controller.abort());
			try {
				const { logdir, download } = await logFolderOf(services, target, progress, controller.signal);
				progress.report({ message: 'starting TensorBoard…' });
				const opened = await services.tensorBoard.open(logdir, controller.signal);
				return { ...opened, download };
			} catch (error) {
				if (controller.signal.aborted) {
					throw new UserCancelledError('open in TensorBoard');
				}
				throw error;
			} finally {
				subscription.dispose();
			}
		},
	);
}

async function logFolderOf(
	services: Services,
	target: RunTarget,
	progress: vscode.Progress<{ message?: string }>,
	signal: AbortSignal,
): Promise<{ logdir: string; download?: DownloadSummary }> {
	const noEvents = `Run "${target.label}" has no TensorBoard event files under logs/ yet (Keras' TensorBoard callback and SummaryWriter("logs") write them there).`;
	if (target.backend.kind === 'local') {
		const logdir = path.join(await (target.backend as LocalBackend).artifactsDir(target.runId), 'logs');
		if (!(await isFolder(logdir))) {
			throw new Error(noEvents);
		}
		return { logdir };
	}
	progress.report({ message: 'listing event files…' });
	const files = (await target.backend.listEventFiles(target.runId, signal)).filter((file) => file.name.startsWith('logs/'));
	if (files.length === 0) {
		throw new Error(noEvents);
	}
	const root = path.join(services.context.globalStorageUri.fsPath, 'tensorboard', cacheKeyOf(target));
	progress.report({ message: `downloading ${files.length} event file${files.length === 1 ? '' : 's'}…` });
	const download = await downloadEventFiles(files, root, signal);
	extensionLog.info(`TensorBoard cache of ${target.runId}: ${download.changed} of ${download.files} event files changed, ${download.bytesRead} bytes read, into ${root}`);
	return { logdir: path.join(root, 'logs'), download };
}

/** One folder per workspace and run; the workspace's ARM id is hashed into a short, path-safe name. */
function cacheKeyOf(target: RunTarget): string {
	const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);
	// Job names are letters, digits, _ and -; anything else is hashed rather than trusted as a path.
	return path.join(hash(target.backend.workspaceId ?? ''), /^[\w-]+$/.test(target.runId) ? target.runId : hash(target.runId));
}

async function isFolder(folder: string): Promise<boolean> {
	try {
		return (await stat(folder)).isDirectory();
	} catch {
		return false;
	}
}
