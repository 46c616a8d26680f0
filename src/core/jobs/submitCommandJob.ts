import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { armCall } from '../azure/arm';
import { openContainer } from '../azure/blobs';
import { AzureConfigError, isAzureError } from '../azure/errors';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { createCodeVersion, deleteCodeVersion, findCodeByHash, startPendingUpload } from '../backends/azure/codes';
import { getCompute } from '../backends/azure/computes';
import { getDefaultDatastore, openDatastoreContainer } from '../backends/azure/datastores';
import { createEnvironmentVersion, deleteEnvironmentVersion, getEnvironmentVersion } from '../backends/azure/environments';
import { putCommandJob, type JobResource } from '../backends/azure/jobs';
import { megabytes } from '../snapshot/preflight';
import { uploadFiles, type UploadTuning } from '../snapshot/blobUpload';
import { commandJobBody } from './commandJobBody';
import type { CommandJobSpec, EnvironmentSpec } from './commandJobSpec';
import { blobNamesOf, prepareSubmit, type PreparedEnvironment, type PreparedFolder, type PreparedSubmit } from './localChecks';

export type SubmitStep = 'check' | 'findCode' | 'uploadCode' | 'uploadInputs' | 'environment' | 'registerCode' | 'createJob';

export interface SubmitProgress {
	readonly step: SubmitStep;
	readonly message: string;
	/** Bytes sent so far and in all, while uploading. */
	readonly bytesDone?: number;
	readonly bytesTotal?: number;
}

export interface SubmitOptions {
	readonly signal?: AbortSignal;
	readonly onProgress?: (progress: SubmitProgress) => void;
	/** Asked when the snapshot is over 100 MB or 2,000 files; false stops the submit before any request. Absent: go on. */
	readonly confirmLargeSnapshot?: (message: string) => Promise<boolean>;
	/** Asked when symbolic links lead out of the folder; true includes what they point to. Absent: left out. */
	readonly confirmOutsideLinks?: (message: string) => Promise<boolean>;
	readonly tuning?: Partial<UploadTuning>;
}

export interface SubmitResult {
	readonly job: JobResource;
	readonly jobName: string;
	readonly codeId: string;
	readonly environmentId: string;
	/** False when the service already had this snapshot (found by its content hash). */
	readonly codeUploaded: boolean;
	/** Bytes sent to storage by this submit (code and local inputs). */
	readonly uploadedBytes: number;
	readonly studioUrl?: string;
}

/**
 * Submits a command job: local checks first (names, limits, hashes), then find the snapshot by
 * hash or upload it, upload local input folders, register the environment if it is new, register
 * the code, create the job. Cancelling or failing undoes what this submit registered, so the
 * workspace holds either the whole job or none of its parts.
 */
export async function submitCommandJob(workspace: AzureWorkspace, spec: CommandJobSpec, options: SubmitOptions = {}): Promise<SubmitResult> {
	const { signal } = options;
	const report = options.onProgress ?? (() => undefined);
	report({ step: 'check', message: 'Checking the job and hashing the snapshot' });
	const prepared = await prepareSubmit(spec, signal, options.confirmOutsideLinks);
	if (prepared.warning && options.confirmLargeSnapshot && !(await options.confirmLargeSnapshot(prepared.warning))) {
		throw Object.assign(new Error('Submit cancelled: the snapshot is large.'), { name: 'AbortError' });
	}
	signal?.throwIfAborted();
	const undo = new Undo(workspace);
	try {
		return await submitPrepared(workspace, prepared, undo, options, report);
	} catch (error) {
		const leftovers = await undo.run();
		if (leftovers.length > 0 && error instanceof Error) {
			error.message += ` Left behind: ${leftovers.join('; ')}.`;
		}
		throw error;
	}
}

async function submitPrepared(workspace: AzureWorkspace, prepared: PreparedSubmit, undo: Undo, options: SubmitOptions, report: (p: SubmitProgress) => void): Promise<SubmitResult> {
	const { spec } = prepared;
	const { signal } = options;
	const computeId = spec.compute.kind === 'cluster' ? await computeIdOf(workspace, spec.compute.name, signal) : undefined;

	report({ step: 'findCode', message: 'Looking for this snapshot in the workspace' });
	const codeName = randomUUID();
	const found = await findCodeByHash(workspace, codeName, prepared.code.hash, signal);
	const inputsToSend = await localInputsToSend(workspace, prepared, signal);
	const bytesTotal = (found ? 0 : prepared.code.bytes) + inputsToSend.reduce((sum, i) => sum + i.folder.bytes, 0);
	let bytesDone = 0;
	const onBytes = (step: SubmitStep, what: string) => (bytes: number) => {
		bytesDone += bytes;
		report({ step, message: `Uploading ${what} (${megabytes(bytesDone)} of ${megabytes(bytesTotal)})`, bytesDone, bytesTotal });
	};

	let codeId = found?.id;
	let pendingCodeUri: string | undefined;
	if (!found) {
		report({ step: 'uploadCode', message: `Uploading the snapshot (${prepared.code.files.length} files, ${megabytes(prepared.code.bytes)})`, bytesDone, bytesTotal });
		pendingCodeUri = await sendSnapshot(workspace, prepared.code, codeName, undo, options, onBytes('uploadCode', 'the snapshot'));
	}

	const localInputUris: Record<string, string> = {};
	for (const input of inputsToSend) {
		report({ step: 'uploadInputs', message: `Uploading input "${input.name}"`, bytesDone, bytesTotal });
		await uploadFolder(input.container, input.folder, input.prefix, {}, false, undo, options, onBytes('uploadInputs', `input "${input.name}"`));
	}
	for (const [name, input] of Object.entries(await localInputLocations(workspace, prepared, inputsToSend, signal))) {
		localInputUris[name] = input;
	}

	report({ step: 'environment', message: 'Preparing the environment' });
	const environmentId = await ensureEnvironment(workspace, spec.environment, prepared.environment, undo, signal);

	if (!codeId) {
		report({ step: 'registerCode', message: 'Registering the snapshot' });
		codeId = await registerSnapshot(workspace, prepared.code, codeName, pendingCodeUri!, undo, signal);
	}

	report({ step: 'createJob', message: 'Creating the job' });
	// The last chance to stop: once the PUT is sent the job may exist, so it is not aborted midway.
	signal?.throwIfAborted();
	const jobName = spec.name ?? generateJobName(spec.experimentName);
	const job = await putCommandJob(workspace, jobName, commandJobBody(spec, { codeId, environmentId, computeId, localInputUris }));
	undo.clear();
	return {
		job,
		jobName,
		codeId,
		environmentId,
		codeUploaded: !found,
		uploadedBytes: bytesDone,
		studioUrl: job.properties.services?.Studio?.endpoint ?? undefined,
	};
}

/**
 * Uploads a code snapshot to the container the service names for `<codeName>:1` (the SDK's
 * layout: `<container>/<folder>/<files>`); returns the codeUri to register.
 */
export async function sendSnapshot(
	workspace: AzureWorkspace,
	code: PreparedFolder,
	codeName: string,
	undo: Undo,
	options: Pick<SubmitOptions, 'signal' | 'tuning'>,
	onBytes: (bytes: number) => void,
): Promise<string> {
	const pending = await startPendingUpload(workspace, codeName, '1', options.signal);
	const container = openContainer(workspace.connection, { kind: 'sasUrl', url: pending.sasUri });
	await uploadFolder(container, code, '', { name: codeName, version: '1' }, true, undo, options, onBytes);
	return `${pending.blobUri.replace(/\/+$/, '')}/${path.basename(code.root)}`;
}

/** Registers an uploaded snapshot as the anonymous code version `<codeName>:1` (undone if what follows fails). */
export async function registerSnapshot(workspace: AzureWorkspace, code: PreparedFolder, codeName: string, codeUri: string, undo: Undo, signal?: AbortSignal): Promise<string> {
	signal?.throwIfAborted();
	const codeSpec = { codeUri, hash: code.hash, isAnonymous: true };
	const created = await createCodeVersion(workspace, codeName, '1', codeSpec, signal);
	undo.push(`code "${codeName}:1"`, () =>
		deleteOrArchive(
			() => deleteCodeVersion(workspace, codeName, '1'),
			() => createCodeVersion(workspace, codeName, '1', { ...codeSpec, isArchived: true }),
		),
	);
	return created.id ?? `${workspace.armId}/codes/${codeName}/versions/1`;
}

async function computeIdOf(workspace: AzureWorkspace, name: string, signal?: AbortSignal): Promise<string> {
	try {
		return (await getCompute(workspace, name, signal)).id ?? `${workspace.armId}/computes/${name}`;
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			throw new AzureConfigError(`Compute "${name}" does not exist in ${workspace.label}: pick one of its clusters or serverless.`);
		}
		throw error;
	}
}

interface InputUpload {
	readonly name: string;
	readonly folder: PreparedFolder;
	readonly container: ContainerClient;
	readonly datastore: string;
	/** `LocalUpload/<hash>/`. */
	readonly prefix: string;
}

/**
 * Local folder inputs not yet on the default datastore. A folder counts as there when its first
 * file carries `upload_status=completed` (the SDK's marker, set only after a whole upload).
 */
async function localInputsToSend(workspace: AzureWorkspace, prepared: PreparedSubmit, signal?: AbortSignal): Promise<InputUpload[]> {
	const entries = Object.entries(prepared.localInputs);
	if (entries.length === 0) {
		return [];
	}
	const datastore = await getDefaultDatastore(workspace, signal);
	const container = await openDatastoreContainer(workspace, datastore, signal);
	const toSend: InputUpload[] = [];
	for (const [name, folder] of entries) {
		const prefix = `LocalUpload/${folder.hash}/`;
		const indicator = blobNamesOf(folder, prefix)[0].blobName;
		const metadata = await container
			.getBlockBlobClient(indicator)
			.getProperties({ abortSignal: signal })
			.then((p): Record<string, string> => p.metadata ?? {})
			.catch((error: { statusCode?: number }): Record<string, string> => {
				if (error.statusCode === 404) {
					return {};
				}
				throw error;
			});
		if (metadata.upload_status !== 'completed') {
			toSend.push({ name, folder, container, datastore: datastore.name ?? 'workspaceblobstore', prefix });
		}
	}
	return toSend;
}

async function localInputLocations(workspace: AzureWorkspace, prepared: PreparedSubmit, sent: readonly InputUpload[], signal?: AbortSignal): Promise<Record<string, string>> {
	const locations: Record<string, string> = {};
	let datastore = sent[0]?.datastore;
	for (const [name, folder] of Object.entries(prepared.localInputs)) {
		datastore ??= (await getDefaultDatastore(workspace, signal)).name ?? 'workspaceblobstore';
		locations[name] = `azureml://datastores/${datastore}/paths/LocalUpload/${folder.hash}/${path.basename(folder.root)}/`;
	}
	return locations;
}

/** Uploads a folder's files, then marks its first file complete; a failure removes what it wrote. */
async function uploadFolder(
	container: ContainerClient,
	folder: PreparedFolder,
	prefix: string,
	marker: Record<string, string>,
	createOnly: boolean,
	undo: Undo,
	options: Pick<SubmitOptions, 'signal' | 'tuning'>,
	onBytes: (bytes: number) => void,
): Promise<void> {
	const items = blobNamesOf(folder, prefix);
	const written: string[] = [];
	// The snapshot's container is the service's temporary one and its SAS cannot delete (sp=rcwl);
	// nothing registers it, so only a datastore upload (an input folder) is cleaned up.
	if (!createOnly) {
		undo.push(`the files uploaded to ${prefix}`, () => deleteBlobs(container, written), { blobs: true });
	}
	await uploadFiles(container, items, { tuning: options.tuning, createOnly, signal: options.signal, onBytes, onBlobWriting: (name) => written.push(name) });
	await container.getBlockBlobClient(items[0].blobName).setMetadata({ ...marker, upload_status: 'completed' }, { abortSignal: options.signal });
	// A complete upload is kept: the next submit finds it by hash instead of sending it again.
	if (!createOnly) {
		undo.dropBlobs();
	}
}

async function deleteBlobs(container: ContainerClient, names: readonly string[]): Promise<void> {
	for (let i = 0; i < names.length; i += 16) {
		await Promise.all(names.slice(i, i + 16).map((name) => container.getBlockBlobClient(name).deleteIfExists()));
	}
}

/**
 * A built environment is registered as `<folder>-env` at a version derived from its content:
 * found, it is reused (no new image build); new, it is created and undone if the submit fails.
 */
export async function ensureEnvironment(workspace: AzureWorkspace, env: EnvironmentSpec, built: PreparedEnvironment | undefined, undo: Undo, signal?: AbortSignal): Promise<string> {
	if (env.kind === 'reference') {
		return resolveLatest(workspace, env.id, signal);
	}
	const { name, version, image, conda } = built!;
	try {
		const existing = await getEnvironmentVersion(workspace, name, version, signal);
		return existing.id ?? `${workspace.armId}/environments/${name}/versions/${version}`;
	} catch (error) {
		if (!isAzureError(error, 'azure.notFound')) {
			throw error;
		}
	}
	signal?.throwIfAborted();
	const environmentSpec = { image, condaFile: conda, description: 'Built from the conda or requirements file beside the script.' };
	const created = await createEnvironmentVersion(workspace, name, version, environmentSpec, signal);
	undo.push(`environment "${name}:${version}"`, () =>
		deleteOrArchive(
			() => deleteEnvironmentVersion(workspace, name, version),
			() => createEnvironmentVersion(workspace, name, version, { ...environmentSpec, isArchived: true }),
		),
	);
	return created.id ?? `${workspace.armId}/environments/${name}/versions/${version}`;
}

/** `azureml:<name>@latest` names no version, which a job body must; the container knows the latest. */
async function resolveLatest(workspace: AzureWorkspace, id: string, signal?: AbortSignal): Promise<string> {
	const latest = /^azureml:([^:@]+)@latest$/.exec(id);
	if (!latest) {
		return id;
	}
	const container = await armCall(`read environment "${latest[1]}" in ${workspace.label}`, () =>
		workspace.arm.environmentContainers.get(workspace.ref.resourceGroup, workspace.ref.workspace, latest[1], { abortSignal: signal }),
	);
	const version = container.properties.latestVersion;
	if (!version) {
		throw new AzureConfigError(`Environment "${latest[1]}" in ${workspace.label} has no versions.`);
	}
	return `azureml:${latest[1]}:${version}`;
}

/**
 * Removes a version this submit registered. The REST specification defines DELETE for code and
 * environment versions, but the CLI only archives them and no recording shows the service accepting
 * the DELETE; when it refuses, the version is archived (hidden from lists, kept by the service) and
 * named as left behind.
 */
async function deleteOrArchive(remove: () => Promise<void>, archive: () => Promise<unknown>): Promise<string | undefined> {
	try {
		await remove();
		return undefined;
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return undefined;
		}
		await archive();
		return `archived, not deleted (${(error as Error).message})`;
	}
}

/** The CLI leaves job names to the service's generator; ours is readable and sorts by time. */
export function generateJobName(experiment: string): string {
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
	const slug = experiment.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'job';
	return `${slug}_${stamp}_${randomBytes(3).toString('hex')}`;
}

/**
 * What a submit registered or wrote, undone in reverse order when it fails or is cancelled. Undo
 * runs without the cancelled signal: cleaning up must not itself be cancelled.
 */
export class Undo {
	private readonly steps: { what: string; action: () => Promise<string | undefined | void>; blobs?: boolean }[] = [];

	constructor(private readonly workspace: AzureWorkspace) {}

	/** `action` may return how what it could not remove was left (e.g. archived). */
	push(what: string, action: () => Promise<string | undefined | void>, flags: { blobs?: boolean } = {}): void {
		this.steps.push({ what, action, ...flags });
	}

	/** Forgets the pending blob cleanup of the folder just completed. */
	dropBlobs(): void {
		const index = this.steps.map((s) => Boolean(s.blobs)).lastIndexOf(true);
		if (index >= 0) {
			this.steps.splice(index, 1);
		}
	}

	clear(): void {
		this.steps.length = 0;
	}

	/** Runs every step; returns what is left behind (could not be undone, or only archived). */
	async run(): Promise<string[]> {
		const failed: string[] = [];
		for (const step of this.steps.reverse()) {
			try {
				const left = await step.action();
				if (left) {
					failed.push(`${step.what} ${left}`);
				}
			} catch (error) {
				this.workspace.connection.logger?.warn(`Could not remove ${step.what} after a failed submit: ${(error as Error).message}`);
				failed.push(`${step.what} (${(error as Error).message})`);
			}
		}
		this.steps.length = 0;
		return failed;
	}
}
