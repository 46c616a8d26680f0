import * as vscode from 'vscode';
import { defaultLogFiles, groupLogFiles } from '../../core/logs/logFileChoice';
import { UserCancelledError } from '../errors';
import { logStreams } from '../logs/logStreams';
import { pickActiveStream } from '../logs/pickActiveStream';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';

/**
 * Lists every log file of a job (user logs per node and rank, then system logs) and streams the
 * chosen ones: the files streaming now come pre-checked, so unchecking them streams others
 * instead and keeping them adds the others.
 */
export async function chooseLogFile(services: Services, node?: unknown): Promise<void> {
	const target = runTargetOf(node) ?? (await pickActiveStream(services, 'Choose log files of')).target;
	const files = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Listing the log files of ${target.label}` }, () =>
		target.backend.listLogFiles(target.runId),
	);
	const names = files.map((f) => f.name);
	if (names.length === 0) {
		void vscode.window.showInformationMessage(`${target.label} has no log files yet.`);
		return;
	}
	const streaming = new Set(logStreams().find(target)?.session.streamedFiles ?? defaultLogFiles(names, false));
	const items = groupLogFiles(names).flatMap((group): vscode.QuickPickItem[] => [
		{ label: group.title, kind: vscode.QuickPickItemKind.Separator },
		...group.files.map((file) => ({ label: file.name, description: file.name.endsWith(file.label) ? undefined : file.label, picked: streaming.has(file.name) })),
	]);
	const chosen = await services.prompt.quickPickMany(items, {
		title: `Log files of ${target.label}`,
		placeHolder: 'Files to stream; lines from several files are prefixed with their source',
	});
	if (chosen.length === 0) {
		throw new UserCancelledError('no log file chosen');
	}
	logStreams().stream(target, chosen.map((item) => item.label));
}
