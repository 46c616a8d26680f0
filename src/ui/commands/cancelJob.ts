import * as vscode from 'vscode';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/** Cancels an active job (Azure) or stops a local run, after the user confirms by name. */
export async function cancelJob(services: Services, node?: TreeNode): Promise<void> {
	const target = runTargetOf(node);
	if (!target) {
		throw new Error('Choose a running job in the Azure ML view to cancel it.');
	}
	const [verb, doing] = target.backend.kind === 'local' ? ['Stop', 'Stopping'] : ['Cancel', 'Cancelling'];
	if (!(await services.prompt.confirm(`${verb} "${target.label}"?`, verb))) {
		return;
	}
	await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${doing} ${target.label}…` }, () =>
		target.backend.cancel(target.runId),
	);
	services.tree.refresh(node?.getParent?.());
}
