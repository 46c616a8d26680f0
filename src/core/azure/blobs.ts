import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential, newPipeline } from '@azure/storage-blob';
import type { AzureConnection } from './AzureConnection';
import { installPolicies } from './policies';

/** The ways the service hands out access to a blob container. */
export type BlobContainerAccess =
	/** A container SAS URL, e.g. from `startPendingUpload`. */
	| { readonly kind: 'sasUrl'; readonly url: string }
	/** A datastore whose `listSecrets` returned an account key. */
	| { readonly kind: 'accountKey'; readonly accountUrl: string; readonly accountName: string; readonly container: string; readonly key: string }
	/** A datastore whose `listSecrets` returned an account SAS token (`?sv=…`). */
	| { readonly kind: 'sasToken'; readonly accountUrl: string; readonly container: string; readonly sasToken: string };

/**
 * The storage SDK builds its own pipeline with its own retry policy; its protected client context
 * lets a subclass put ours in its place, so blob calls retry like every other Azure call.
 */
class PolicyContainerClient extends ContainerClient {
	installPolicies(connection: AzureConnection): this {
		installPolicies(this.storageClientContext.pipeline, { retry: connection.retry, logger: connection.logger });
		return this;
	}
}

export function openContainer(connection: AzureConnection, access: BlobContainerAccess): ContainerClient {
	// maxTries 1: the SDK's own retry is replaced anyway; this keeps it inert should it survive.
	const options = { retryOptions: { maxTries: 1 }, userAgentOptions: { userAgentPrefix: 'azureml-explorer' } };
	switch (access.kind) {
		case 'sasUrl':
			return new PolicyContainerClient(access.url, newPipeline(new AnonymousCredential(), options)).installPolicies(connection);
		case 'accountKey':
			return new PolicyContainerClient(
				`${access.accountUrl}/${encodeURIComponent(access.container)}`,
				newPipeline(new StorageSharedKeyCredential(access.accountName, access.key), options),
			).installPolicies(connection);
		case 'sasToken': {
			const token = access.sasToken.replace(/^\?/, '');
			return new PolicyContainerClient(
				`${access.accountUrl}/${encodeURIComponent(access.container)}?${token}`,
				newPipeline(new AnonymousCredential(), options),
			).installPolicies(connection);
		}
	}
}
