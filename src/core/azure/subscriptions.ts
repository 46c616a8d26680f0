import type { Page } from './arm';
import { armRaw } from './armRaw';
import type { AzureConnection } from './AzureConnection';

export interface Subscription {
	readonly subscriptionId: string;
	readonly displayName: string;
	readonly state: string;
	readonly tenantId?: string;
}

interface SubscriptionList {
	readonly value?: readonly { subscriptionId: string; displayName?: string; state?: string; tenantId?: string }[];
	readonly nextLink?: string;
}

/** One page of the subscriptions the signed-in identity can see (ARM, not in the Azure ML SDK). */
export async function listSubscriptions(connection: AzureConnection, pageToken?: string, signal?: AbortSignal): Promise<Page<Subscription>> {
	const list = await armRaw<SubscriptionList>(connection, pageToken ?? '/subscriptions', '2022-12-01', 'list subscriptions', { signal });
	return {
		items: (list.value ?? []).map((s) => ({
			subscriptionId: s.subscriptionId,
			displayName: s.displayName ?? s.subscriptionId,
			state: s.state ?? 'Unknown',
			tenantId: s.tenantId,
		})),
		nextPageToken: list.nextLink || undefined,
	};
}
