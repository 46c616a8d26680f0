import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { AzureConfigError } from '../azure/errors';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { createEnvironmentVersion } from '../backends/azure/environments';
import { nextFreeVersion, versionProblem } from '../data/dataVersions';
import { uploadFolderToDefaultDatastore, type DataUploadProgress } from '../data/uploadFolderToDatastore';
import { dockerfileNameProblem } from '../jobs/environmentFiles';
import { prepareInputFolder } from '../jobs/localChecks';
import { assertValidName } from '../jobs/names';
import type { UploadTuning } from '../snapshot/blobUpload';
import { contentHashTag, exists, versionsOf, type RegisteredEnvironment } from './registerEnvironment';

export interface DockerEnvironmentRegistration {
	readonly name: string;
	/** Absent: the next free whole-number version. */
	readonly version?: string;
	/** The Dockerfile (absolute); its folder is the build context. */
	readonly dockerfile: string;
	readonly description?: string;
}

export interface RegisteredDockerEnvironment extends RegisteredEnvironment {
	/** 0 when nothing was sent: the content was reused, or the datastore already held it. */
	readonly uploadedBytes: number;
	/** `build.contextUri` of the version: the uploaded folder, as a blob URL ending in "/". */
	readonly contextUri: string;
}

/**
 * Registers an environment built from a Dockerfile, as `az ml environment create --build-context
 * <folder> --dockerfile-path <file>` does: the Dockerfile's folder is uploaded to the default
 * datastore as Submit uploads a folder (its ignore file, `LocalUpload/<content hash>/<folder>/`,
 * nothing sent when the datastore has it) and the version's `build` names it (`contextUri`, with the
 * trailing "/" the service requires, and `dockerfilePath` relative to it). A version of the same
 * name with the same context and Dockerfile is reused, without uploading. Names, versions and the
 * context are checked before any request.
 */
export async function registerDockerEnvironment(
	workspace: AzureWorkspace,
	registration: DockerEnvironmentRegistration,
	options: { signal?: AbortSignal; onProgress?: (p: DataUploadProgress) => void; tuning?: Partial<UploadTuning> } = {},
): Promise<RegisteredDockerEnvironment> {
	const { signal } = options;
	const report = options.onProgress ?? (() => undefined);
	assertValidName('environment', registration.name);
	const badVersion = registration.version === undefined ? undefined : versionProblem(registration.version);
	const badFile = dockerfileNameProblem(registration.dockerfile);
	if (badVersion || badFile) {
		throw Object.assign(new Error(badVersion ?? badFile), { kind: 'invalidName' });
	}
	report({ message: 'Listing and hashing the build context' });
	const contextFolder = path.dirname(registration.dockerfile);
	const dockerfilePath = path.basename(registration.dockerfile);
	const context = await prepareInputFolder('build context', contextFolder, {}, signal);
	if (!context.files.some((f) => f.relative === dockerfilePath)) {
		throw Object.assign(new Error(`${dockerfilePath} is left out of its build context by ${path.basename(contextFolder)}'s ignore file (.amlignore or .gitignore): the service could not build it. Stop ignoring it.`), {
			kind: 'invalidSpec',
		});
	}
	const hash = createHash('sha256').update(`docker\n${dockerfilePath}\n${context.hash}`).digest('hex').slice(0, 32);

	const versions = await versionsOf(workspace, registration.name, signal);
	const same = versions.find((v) => v.properties.tags?.[contentHashTag] === hash && v.properties.build?.contextUri);
	if (same?.name) {
		return {
			name: registration.name,
			version: same.name,
			id: same.id ?? `${workspace.armId}/environments/${registration.name}/versions/${same.name}`,
			reused: true,
			uploadedBytes: 0,
			contextUri: same.properties.build?.contextUri ?? '',
		};
	}
	const version = registration.version ?? nextFreeVersion(versions.map((v) => v.name ?? ''));
	if (versions.some((v) => v.name === version) || (await exists(workspace, registration.name, version, signal))) {
		throw new AzureConfigError(`Environment "${registration.name}" already has a version "${version}" with other content in ${workspace.label}: choose another version.`);
	}
	const uploaded = await uploadFolderToDefaultDatastore(workspace, context, { ...options, onProgress: report });

	// The last chance to stop: once registered, the environment version exists.
	signal?.throwIfAborted();
	report({ message: `Registering ${registration.name}:${version}` });
	const created = await createEnvironmentVersion(
		workspace,
		registration.name,
		version,
		{ build: { contextUri: uploaded.blobUrl, dockerfilePath }, description: registration.description, tags: { [contentHashTag]: hash } },
		signal,
	);
	return {
		name: registration.name,
		version,
		id: created.id ?? `${workspace.armId}/environments/${registration.name}/versions/${version}`,
		reused: false,
		uploadedBytes: uploaded.uploadedBytes,
		contextUri: uploaded.blobUrl,
	};
}
