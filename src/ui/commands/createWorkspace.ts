import * as vscode from 'vscode';
import type { AzureConnection } from '../../core/azure/AzureConnection';
import type { Subscription } from '../../core/azure/subscriptions';
import type { CreateWorkspaceResult, LeftBehind } from '../../core/workspaces/createWorkspace';
import type { AzureModule } from '../azure/azureModule';
import { UserCancelledError } from '../errors';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import type { SubscriptionNode } from '../tree/azure/SubscriptionNode';
import type { TreeNode } from '../tree/TreeNode';
import { askWorkspacePlan } from '../workspaces/askWorkspacePlan';
import { allSubscriptions } from './selectSubscriptions';
import { revealWorkspace } from '../workspaces/revealWorkspace';

/**
 * "Create Workspace…" on a subscription (or from the palette, picking one): the wizard, then one
 * cancellable notification following the template deployment resource by resource. The new
 * workspace is selected in the tree; a failure names the resource and the service's reason, and
 * a failure or a cancel offers to delete what was made.
 */
export async function createWorkspace(services: Services, node?: TreeNode): Promise<void> {
	const [azure, connection] = await Promise.all([services.azure.azureModule(), services.azure.connection()]);
	const subscription = (node as SubscriptionNode | undefined)?.subscription ?? (await pickSubscription(services, azure, connection));
	const { request, summary } = await askWorkspacePlan(services.prompt, azure, connection, subscription);
	if (!(await services.prompt.confirm(`Create workspace "${request.workspace}" in ${subscription.displayName}?`, 'Create', summary))) {
		return;
	}
	const result = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Creating workspace "${request.workspace}"`, cancellable: true },
		async (progress, token): Promise<CreateWorkspaceResult> => {
			const controller = new AbortController();
			const cancel = token.onCancellationRequested(() => controller.abort());
			try {
				return await azure.createWorkspace(connection, request, { signal: controller.signal, onProgress: (message) => progress.report({ message }) });
			} finally {
				cancel.dispose();
			}
		},
	);
	if (result.outcome === 'Succeeded') {
		await revealWorkspace(services, subscription.subscriptionId, result.workspaceId).catch((error: unknown) =>
			extensionLog.warn(`The new workspace could not be selected in the tree: ${error instanceof Error ? error.message : String(error)}`),
		);
		void vscode.window.showInformationMessage(`Workspace "${request.workspace}" is ready in resource group "${request.resourceGroup}".`);
		return;
	}
	const what = result.outcome === 'Failed' ? `Creating workspace "${request.workspace}" failed: ${result.reason}.` : `Creating workspace "${request.workspace}" was cancelled.`;
	const cleanup = await offerCleanup(services, azure, connection, result.leftBehind, what);
	if (result.outcome === 'Canceled') {
		throw new UserCancelledError('Create Workspace');
	}
	throw new Error(`Could not create workspace "${request.workspace}": ${result.reason}.${cleanup}`);
}

/** Asks whether to delete what was made; says in a sentence what became of it. */
async function offerCleanup(services: Services, azure: AzureModule, connection: AzureConnection, left: LeftBehind, what: string): Promise<string> {
	if (!left.resourceGroup && left.resources.length === 0) {
		return '';
	}
	const listed = azure.describeLeftBehind(left);
	if (!(await services.prompt.confirm(what, 'Delete', `Delete what was created: ${listed}?`))) {
		extensionLog.info(`${what} Kept at your choice: ${listed}.`);
		return ` Kept: ${listed}.`;
	}
	try {
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${listed}…` }, () => azure.deleteLeftBehind(connection, left));
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		extensionLog.error(`Deleting what the workspace creation made failed: ${message}`);
		return ` Deleting ${listed} failed: ${message}`;
	}
	return ` Deleted ${listed}.`;
}

async function pickSubscription(services: Services, azure: AzureModule, connection: AzureConnection): Promise<Subscription> {
	const items = allSubscriptions(azure, connection).then((all) => all.map((s) => ({ label: s.displayName, description: s.subscriptionId, subscription: s })));
	return (await services.prompt.quickPick(items, { title: 'New Azure ML workspace', placeHolder: 'Subscription' })).subscription;
}
