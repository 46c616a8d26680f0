import type { DataVersionBase } from '@azure/arm-machinelearning';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { AzureConfigError, isAzureError } from '../azure/errors';
import { createDataVersion, getDataVersion } from '../backends/azure/dataAssets';
import { assertValidName } from '../jobs/names';
import { prepareInputFolder } from '../jobs/localChecks';
import type { UploadTuning } from '../snapshot/blobUpload';
import { versionProblem } from './dataVersions';
import { uploadFolderToDefaultDatastore, type DataUploadProgress } from './uploadFolderToDatastore';

export type { DataUploadProgress };

export interface DataFolderUpload {
	readonly folder: string;
	readonly name: string;
	readonly version: string;
	readonly description?: string;
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
	const uploaded = await uploadFolderToDefaultDatastore(workspace, folder, { ...options, onProgress: report });

	// The last chance to stop: once registered, the data asset exists.
	signal?.throwIfAborted();
	report({ message: `Registering ${upload.name}:${upload.version}` });
	const dataUri = `azureml://datastores/${uploaded.datastoreName}/paths/${uploaded.folderPath}/`;
	const version = await createDataVersion(workspace, upload.name, upload.version, { dataType: 'uri_folder', dataUri, description: upload.description }, signal);
	return { version, dataUri, uploadedBytes: uploaded.uploadedBytes };
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
