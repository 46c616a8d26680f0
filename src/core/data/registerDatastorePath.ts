import type { DataVersionBase } from '@azure/arm-machinelearning';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { createDataVersion } from '../backends/azure/dataAssets';
import { assertValidName } from '../jobs/names';
import { versionProblem } from './dataVersions';
import { refuseExistingVersion } from './uploadDataFolder';
import { datastorePathProblem, datastoreUri, type DatastorePathKind } from './datastorePaths';

export interface DatastorePathRegistration {
	readonly datastore: string;
	/** A path inside the datastore, e.g. `mnist/train` (see `datastorePathProblem`). */
	readonly path: string;
	readonly kind: DatastorePathKind;
	readonly name: string;
	readonly version: string;
	readonly description?: string;
}

export interface DatastorePathResult {
	readonly version: DataVersionBase;
	readonly dataUri: string;
}

/**
 * Registers a path that is already on a datastore as a data asset version (`uri_folder` or
 * `uri_file` pointing at `azureml://datastores/<datastore>/paths/<path>`), uploading nothing, as
 * `az ml data create --path azureml://…` does. Everything is checked before any request, and an
 * existing version is refused rather than overwritten.
 */
export async function registerDatastorePath(workspace: AzureWorkspace, registration: DatastorePathRegistration, signal?: AbortSignal): Promise<DatastorePathResult> {
	assertValidName('asset', registration.name);
	const problem = versionProblem(registration.version) ?? datastorePathProblem(registration.path, registration.kind);
	if (problem) {
		throw Object.assign(new Error(problem), { kind: 'invalidName' });
	}
	await refuseExistingVersion(workspace, registration, signal);
	const dataUri = datastoreUri(registration.datastore, registration.path, registration.kind);
	signal?.throwIfAborted();
	const version = await createDataVersion(workspace, registration.name, registration.version, { dataType: registration.kind, dataUri, description: registration.description }, signal);
	return { version, dataUri };
}
