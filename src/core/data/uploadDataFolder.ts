import * as path from 'node:path';
import type { DataVersionBase } from '@azure/arm-machinelearning';
import type { ContainerClient } from '@azure/storage-blob';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { AzureConfigError, isAzureError } from '../azure/errors';
import { createDataVersion, getDataVersion } from '../backends/azure/dataAssets';
import { getDefaultDatastore, openDatastoreContainer } from '../backends/azure/datastores';
import { assertValidName } from '../jobs/names';
import { blobNamesOf, prepareInputFolder } from '../jobs/localChecks';
import { uploadFiles, type UploadTuning } from '../snapshot/blobUpload';
import { megabytes } from '../snapshot/preflight';
import { versionProblem } from './dataVersions';

export interface DataFolderUpload {
	readonly folder: string;
	readonly name: string;
	readonly version: string;
	readonly description?: string;
}

export interface DataUploadProgress {
	readonly message: string;
	readonly bytesDone?: number;
	readonly bytesTotal?: number;
}

export interface DataUploadResult {
	readonly version: DataVersionBase;
	/** `azureml://datastores/<default>/paths/LocalUpload/<hash>/<folder>/`, as the SDK registers it. */
	readonly dataUri: string;
	/** 0 when the default datastore already held this folder's content (found by its hash). */
	readonly uploadedBytes: number;
}

/**
 * Uploads a folder to the workspace's default datastore as Submit uploads a local input (its ignore
 * file, the SDK's `LocalUpload/<content hash>/<folder>/` layout, the `upload_status=completed`
 * marker that makes an unchanged folder upload nothing, parallel blocks), then registers it as a
 * `uri_folder` data asset version. Cancelled or failed before the registration, nothing is
 * registered and the files this call wrote are removed.
 */
export async function uploadDataFolder(
	workspace: AzureWorkspace,
	upload: DataFolderUpload,
	options: { signal?: AbortSignal; onProgress?: (p: DataUploadProgress) => void; tuning?: Partial<UploadTuning> } = {},
): Promise<DataUploadResult> {
	const { signal } = options;
	const report = options.onProgress ?? (() => undefined);
	assertValidName('asset', upload.name);
	const badVersion = versionProblem(upload.version);
	if (badVersion) {
		throw Object.assign(new Error(badVersion), { kind: 'invalidName' });
	}
	report({ message: 'Listing and hashing the folder' });
	await refuseExistingVersion(workspace, upload, signal);
	const folder = await prepareInputFolder(upload.name, upload.folder, {}, signal);
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

	// The last chance to stop: once registered, the data asset exists.
	signal?.throwIfAborted();
	report({ message: `Registering ${upload.name}:${upload.version}` });
	const dataUri = `azureml://datastores/${datastoreName}/paths/${prefix}${path.basename(folder.root)}/`;
	const version = await createDataVersion(workspace, upload.name, upload.version, { dataType: 'uri_folder', dataUri, description: upload.description }, signal);
	return { version, dataUri, uploadedBytes };
}

/** Versions are immutable: registering over one would fail after the upload, so it is refused first. */
export async function refuseExistingVersion(workspace: AzureWorkspace, upload: { readonly name: string; readonly version: string }, signal?: AbortSignal): Promise<void> {
	try {
		await getDataVersion(workspace, upload.name, upload.version, signal);
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return;
		}
		throw error;
	}
	throw new AzureConfigError(`Data asset "${upload.name}" already has a version "${upload.version}" in ${workspace.label}: choose another version.`);
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
