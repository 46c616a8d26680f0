import * as vscode from 'vscode';
import type { JobStatus } from '../../core/backends/types';

/** The icon a run shows for its status: spinning while it runs, colored once it ended. */
export function statusIcon(status: JobStatus): vscode.ThemeIcon {
	switch (status) {
		case 'Completed':
			return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
		case 'Failed':
		case 'NotResponding':
			return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
		case 'Canceled':
		case 'CancelRequested':
			return new vscode.ThemeIcon('circle-slash');
		case 'Paused':
			return new vscode.ThemeIcon('debug-pause');
		case 'Running':
		case 'Finalizing':
			return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
		case 'Unknown':
			return new vscode.ThemeIcon('question');
		default:
			// NotStarted, Starting, Provisioning, Preparing, Queued: waiting for compute.
			return new vscode.ThemeIcon('clock');
	}
}
