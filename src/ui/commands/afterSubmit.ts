import * as vscode from 'vscode';
import { streamRunLogs } from '../logs/logStreams';
import type { RunTarget } from '../runTarget';
import { CommandId } from './commandIds';

/** `azuremlExplorer.submit.afterSubmit`: what happens once a job was submitted. */
export type AfterSubmitAction = 'streamLogs' | 'streamLogsAndShowMetrics' | 'notify';

const actions: readonly AfterSubmitAction[] = ['streamLogs', 'streamLogsAndShowMetrics', 'notify'];

export function afterSubmitSetting(): AfterSubmitAction {
	const value = vscode.workspace.getConfiguration('azuremlExplorer').get<string>('submit.afterSubmit');
	return actions.find((action) => action === value) ?? 'streamLogs';
}

/**
 * What Local and Azure submits do with the job they just submitted: stream its log and/or open its
 * charts as the setting says, and tell the user with a notification whose buttons do the rest.
 * The notification is not awaited, so the submit command ends as soon as the job is on its way.
 */
export function afterSubmit(target: RunTarget, studioUrl?: string): void {
	const action = afterSubmitSetting();
	if (action !== 'notify') {
		streamRunLogs(target);
	}
	if (action === 'streamLogsAndShowMetrics') {
		// Through the command, so a failure is reported like any other command's.
		void vscode.commands.executeCommand(CommandId.ShowMetrics, { runTarget: target });
	}
	const buttons = ['Stream Logs', 'Show Metrics', ...(studioUrl ? ['Open in Studio'] : [])];
	const where = target.backend.kind === 'local' ? 'Local' : 'Azure ML';
	void vscode.window.showInformationMessage(`Submitted ${target.label} to ${where} as ${target.runId}.`, ...buttons).then((choice) => {
		if (choice === 'Stream Logs') {
			void vscode.commands.executeCommand(CommandId.StreamJobLogs, { runTarget: target });
		} else if (choice === 'Show Metrics') {
			void vscode.commands.executeCommand(CommandId.ShowMetrics, { runTarget: target });
		} else if (choice === 'Open in Studio' && studioUrl) {
			void vscode.env.openExternal(vscode.Uri.parse(studioUrl));
		}
	});
}
