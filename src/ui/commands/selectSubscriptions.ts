import * as vscode from 'vscode';
import type { Subscription } from '../../core/azure/subscriptions';
import type { Services } from '../services';
import { isShown, selectedSubscriptions, selectedSubscriptionsSetting } from '../tree/azure/subscriptionFilter';

/** Chooses which subscriptions the tree shows; remembered in azuremlExplorer.selectedSubscriptions. */
export async function selectSubscriptions(services: Services): Promise<void> {
	const [azure, connection] = await Promise.all([services.azure.azureModule(), services.azure.connection()]);
	const all = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing subscriptions' }, () => allSubscriptions(azure, connection)));
	const selected = selectedSubscriptions();
	const items = all.then((subs) => subs.map((s) => ({ label: s.displayName, description: s.subscriptionId, picked: isShown(s.subscriptionId, selected), subscription: s })));
	const chosen = await services.prompt.quickPickMany(items, { title: 'Subscriptions to show in the Azure ML view', placeHolder: 'Checked subscriptions are shown' });
	const ids = chosen.map((c) => c.subscription.subscriptionId);
	// All checked means "show all", so subscriptions added later show up too.
	const value = ids.length === (await all).length ? [] : ids;
	await vscode.workspace.getConfiguration('azuremlExplorer').update(selectedSubscriptionsSetting, value, vscode.ConfigurationTarget.Global);
}

/** Every subscription the signed-in identity sees (all pages). */
export async function allSubscriptions(
	azure: Awaited<ReturnType<Services['azure']['azureModule']>>,
	connection: Awaited<ReturnType<Services['azure']['connection']>>,
): Promise<Subscription[]> {
	const subscriptions: Subscription[] = [];
	let token: string | undefined;
	do {
		const page = await azure.listSubscriptions(connection, token);
		subscriptions.push(...page.items);
		token = page.nextPageToken;
	} while (token);
	return subscriptions;
}
