import * as vscode from 'vscode';

/** Setting that remembers which subscriptions the tree shows (empty: all of them). */
export const selectedSubscriptionsSetting = 'selectedSubscriptions';

export function selectedSubscriptions(): readonly string[] {
	return vscode.workspace.getConfiguration('azuremlExplorer').get<string[]>(selectedSubscriptionsSetting, []);
}

export function isShown(subscriptionId: string, selected: readonly string[] = selectedSubscriptions()): boolean {
	return selected.length === 0 || selected.some((id) => id.toLowerCase() === subscriptionId.toLowerCase());
}
