import type { Datastore } from '@azure/arm-machinelearning';
import type { ContainerClient } from '@azure/storage-blob';
import { armCall, onePage, type Page } from '../../azure/arm';
import { openContainer } from '../../azure/blobs';
import { blobAccountUrl } from '../../azure/clouds';
import { AzureError } from '../../azure/errors';
import type { AzureWorkspace } from './AzureWorkspace';

/** What `listSecrets` returns for a blob datastore: an account key, or an account SAS. */
export type DatastoreSecrets = { readonly secretsType: 'AccountKey'; readonly key: string } | { readonly secretsType: 'Sas'; readonly sasToken: string };

export function listDatastores(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<Datastore>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(
		`list the datastores of ${workspace.label}`,
		workspace.arm.datastores.list(resourceGroup, name, { count: 30, orderByAsc: false, abortSignal: signal }),
		pageToken,
	);
}

export function getDatastore(workspace: AzureWorkspace, datastore: string, signal?: AbortSignal): Promise<Datastore> {
	return armCall(`read datastore "${datastore}" in ${workspace.label}`, () =>
		workspace.arm.datastores.get(workspace.ref.resourceGroup, workspace.ref.workspace, datastore, { abortSignal: signal }),
	);
}

/** The workspace's default datastore (usually `workspaceblobstore`), as `?isDefault=true` lists it. */
export async function getDefaultDatastore(workspace: AzureWorkspace, signal?: AbortSignal): Promise<Datastore> {
	const { resourceGroup, workspace: name } = workspace.ref;
	const page = await onePage(`find the default datastore of ${workspace.label}`, workspace.arm.datastores.list(resourceGroup, name, { isDefault: true, abortSignal: signal }));
	const datastore = page.items[0];
	if (!datastore) {
		throw new AzureError('azure.notFound', `The ${workspace.label} has no default datastore. Set one in Azure ML studio (Data > Datastores).`);
	}
	return datastore;
}

export async function listDatastoreSecrets(workspace: AzureWorkspace, datastore: string, signal?: AbortSignal): Promise<DatastoreSecrets> {
	const secrets = await armCall(`read the credentials of datastore "${datastore}" in ${workspace.label}`, () =>
		workspace.arm.datastores.listSecrets(workspace.ref.resourceGroup, workspace.ref.workspace, datastore, { abortSignal: signal }),
	);
	const { key, sasToken } = secrets as { key?: string; sasToken?: string };
	if (secrets.secretsType === 'AccountKey' && key) {
		return { secretsType: 'AccountKey', key };
	}
	if (secrets.secretsType === 'Sas' && sasToken) {
		return { secretsType: 'Sas', sasToken };
	}
	throw new AzureError(
		'azure.forbidden',
		`Datastore "${datastore}" in ${workspace.label} uses ${secrets.secretsType} credentials, which cannot open its container here. Use a datastore with an account key or a SAS.`,
	);
}

/** The blob container behind an Azure Blob datastore, opened with its own credentials. */
export async function openDatastoreContainer(workspace: AzureWorkspace, datastore: Datastore, signal?: AbortSignal): Promise<ContainerClient> {
	const p = datastore.properties as { datastoreType?: string; accountName?: string; containerName?: string; endpoint?: string; protocol?: string };
	if (p.datastoreType !== 'AzureBlob' || !p.accountName || !p.containerName || !datastore.name) {
		throw new AzureError('azure.badRequest', `Datastore "${datastore.name ?? '?'}" is not an Azure Blob datastore, so files cannot be uploaded to it.`);
	}
	const accountUrl = blobAccountUrl(workspace.connection.cloud, p.accountName, p.endpoint, p.protocol);
	const secrets = await listDatastoreSecrets(workspace, datastore.name, signal);
	return secrets.secretsType === 'AccountKey'
		? openContainer(workspace.connection, { kind: 'accountKey', accountUrl, accountName: p.accountName, container: p.containerName, key: secrets.key })
		: openContainer(workspace.connection, { kind: 'sasToken', accountUrl, container: p.containerName, sasToken: secrets.sasToken });
}
