import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { downloadArtifacts } from '../../core/artifacts/downloadArtifacts';
import type { RunArtifact } from '../../core/artifacts/runArtifacts';
import type { RangeReader } from '../../core/backends/types';
import { formatBytes } from '../../core/format';
import type { Services } from '../services';

export interface DownloadRequest {
	/** What is downloaded, for the notification: `outputs/model of "LeNet on MNIST"`. */
	readonly label: string;
	/** The file or folder name created in the chosen folder. */
	readonly name: string;
	readonly artifacts: readonly RunArtifact[];
	/** Left out of each artifact path; what remains is the path under the chosen folder. */
	readonly stripPrefix: string;
	readonly reader: (artifact: RunArtifact) => RangeReader;
}

/**
 * Asks for a folder, then downloads with one cancellable notification showing files and bytes.
 * Replacing an existing file or folder of the same name is confirmed first. Returns the path created.
 */
export async function downloadWithProgress(services: Services, request: DownloadRequest): Promise<string> {
	if (request.artifacts.length === 0) {
		throw new Error(`${request.label} holds no files to download.`);
	}
	const folder = await services.prompt.pickFolder({ title: `Download ${request.label} to`, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
	const target = path.join(folder, request.name);
	if (await exists(target)) {
		const replace = await services.prompt.confirm(`${request.name} already exists in ${folder}.`, 'Replace', 'Files of the same name are replaced; others stay.');
		if (!replace) {
			throw new Error(`Not downloaded: ${target} already exists.`);
		}
	}
	const total = request.artifacts.reduce<number | undefined>((sum, a) => (sum === undefined || a.size === undefined ? undefined : sum + a.size), 0);
	await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Downloading ${request.label}`, cancellable: true },
		async (progress, token) => {
			const controller = new AbortController();
			token.onCancellationRequested(() => controller.abort());
			let reported = 0;
			await downloadArtifacts(
				{ artifacts: request.artifacts, stripPrefix: request.stripPrefix, destination: folder, reader: request.reader },
				(p) => {
					const share = total ? (p.bytes / total) * 100 : (p.files / p.totalFiles) * 100;
					progress.report({ message: `${p.files}/${p.totalFiles} files, ${formatBytes(p.bytes)}${total ? ` of ${formatBytes(total)}` : ''}`, increment: Math.max(0, share - reported) });
					reported = Math.max(reported, share);
				},
				controller.signal,
			);
		},
	);
	void vscode.window.showInformationMessage(`Downloaded ${request.label} to ${target}.`, 'Reveal').then((choice) => {
		if (choice) {
			void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(target));
		}
	});
	return target;
}

async function exists(file: string): Promise<boolean> {
	try {
		await stat(file);
		return true;
	} catch {
		return false;
	}
}
