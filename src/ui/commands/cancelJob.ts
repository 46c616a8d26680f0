import * as vscode from 'vscode';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';
import { pickRun } from './pickRuns';

/** Cancels an active job (Azure) or stops a local run, after the user confirms by name. */
export async function cancelJob(services: Services, node?: TreeNode): Promise<void> {
	const target = runTargetOf(node) ?? (await pickRun(services, 'Cancel Job…', { activeOnly: true }));
	const [verb, doing] = target.backend.kind === 'local' ? ['Stop', 'Stopping'] : ['Cancel', 'Cancelling'];
	if (!(await services.prompt.confirm(`${verb} "${target.label}"?`, verb))) {
		return;
	}
	await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${doing} ${target.label}…` }, () =>
		target.backend.cancel(target.runId),
	);
	// Picked from the palette, the run's node (if the view shows it) follows through its status poll.
	if (node) {
		services.tree.refresh(node.getParent?.());
	}
}
