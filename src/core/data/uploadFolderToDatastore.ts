import * as path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { getDefaultDatastore, openDatastoreContainer } from '../backends/azure/datastores';
import { blobAccountUrl } from '../azure/clouds';
import { blobNamesOf, type PreparedFolder } from '../jobs/localChecks';
import { uploadFiles, type UploadTuning } from '../snapshot/blobUpload';
import { megabytes } from '../snapshot/preflight';

export interface DataUploadProgress {
	readonly message: string;
	readonly bytesDone?: number;
	readonly bytesTotal?: number;
}

export interface UploadedFolder {
	readonly datastoreName: string;
	/** `LocalUpload/<content hash>/<folder name>`, inside the datastore's container (no trailing "/"). */
	readonly folderPath: string;
	/** The folder as a blob URL without credentials, `https://<account>.blob.<suffix>/<container>/<folderPath>/`. */
	readonly blobUrl: string;
	/** 0 when the default datastore already held this folder's content (found by its hash). */
	readonly uploadedBytes: number;
}

/**
 * Uploads a prepared folder to the workspace's default datastore as the SDK's `_upload_to_datastore`
 * does (the `LocalUpload/<content hash>/<folder>/` layout, the `upload_status=completed` marker on
 * the first file that makes an unchanged folder upload nothing, parallel blocks). A failed or
 * cancelled upload removes the files it wrote.
 */
export async function uploadFolderToDefaultDatastore(
	workspace: AzureWorkspace,
	folder: PreparedFolder,
	options: { signal?: AbortSignal; onProgress?: (p: DataUploadProgress) => void; tuning?: Partial<UploadTuning> } = {},
): Promise<UploadedFolder> {
	const { signal } = options;
	const report = options.onProgress ?? (() => undefined);
	const datastore = await getDefaultDatastore(workspace, signal);
	const datastoreName = datastore.name ?? 'workspaceblobstore';
	const container = await openDatastoreContainer(workspace, datastore, signal);
	const prefix = `LocalUpload/${folder.hash}/`;
	const items = blobNamesOf(folder, prefix);

	let uploadedBytes = 0;
	if (!(await alreadyUploaded(container, items[0].blobName, signal))) {
		const written: string[] = [];
		try {
			await uploadFiles(container, items, {
				tuning: options.tuning,
				signal,
				onBlobWriting: (name) => written.push(name),
				onBytes: (bytes) => {
					uploadedBytes += bytes;
					report({ message: `Uploading ${megabytes(uploadedBytes)} of ${megabytes(folder.bytes)}`, bytesDone: uploadedBytes, bytesTotal: folder.bytes });
				},
			});
			await container.getBlockBlobClient(items[0].blobName).setMetadata({ upload_status: 'completed' }, { abortSignal: signal });
		} catch (error) {
			// Not through the cancelled signal: cleaning up must not itself be cancelled.
			await deleteBlobs(container, written).catch((cleanup: Error) => workspace.connection.logger?.warn(`Could not remove the partial upload under ${prefix}: ${cleanup.message}`));
			throw error;
		}
	}
	const folderPath = `${prefix}${path.basename(folder.root)}`;
	const p = datastore.properties as { accountName?: string; containerName?: string; endpoint?: string; protocol?: string };
	const accountUrl = blobAccountUrl(workspace.connection.cloud, p.accountName ?? '', p.endpoint, p.protocol).replace(/\/+$/, '');
	return { datastoreName, folderPath, blobUrl: `${accountUrl}/${p.containerName ?? ''}/${folderPath}/`, uploadedBytes };
}

/** A folder counts as there when its first file carries the SDK's `upload_status=completed` marker. */
async function alreadyUploaded(container: ContainerClient, indicator: string, signal?: AbortSignal): Promise<boolean> {
	try {
		const properties = await container.getBlockBlobClient(indicator).getProperties({ abortSignal: signal });
		return properties.metadata?.upload_status === 'completed';
	} catch (error) {
		if ((error as { statusCode?: number }).statusCode === 404) {
			return false;
		}
		throw error;
	}
}

async function deleteBlobs(container: ContainerClient, names: readonly string[]): Promise<void> {
	for (let i = 0; i < names.length; i += 16) {
		await Promise.all(names.slice(i, i + 16).map((name) => container.getBlockBlobClient(name).deleteIfExists()));
	}
}
