import type { CodeVersion } from '@azure/arm-machinelearning';
import { armCall } from '../../azure/arm';
import { armRaw } from '../../azure/armRaw';
import { AzureError } from '../../azure/errors';
import { nameFromId } from '../../azure/workspaceRef';
import type { AzureWorkspace } from './AzureWorkspace';

// Two code operations need api-version 2023-04-01, which the 2022-10-01 SDK cannot send: the list
// by content hash (upload dedup) and startPendingUpload (where to upload). Azure ML sends 2023-04-01.
const codeApiVersion = '2023-04-01';

/** A code version found by the content hash (the match may be under another asset name). */
export interface CodeMatch {
	readonly id: string;
	readonly name: string;
	readonly version: string;
	readonly codeUri?: string;
}

interface RawCodeVersion {
	readonly id: string;
	readonly name: string;
	readonly properties?: { readonly codeUri?: string };
}

function codesPath(workspace: AzureWorkspace, name: string): string {
	return `${workspace.armId}/codes/${encodeURIComponent(name)}/versions`;
}

/** Code already uploaded with this SHA-256 content hash (hash version 202208), if any: then nothing needs uploading. */
export async function findCodeByHash(workspace: AzureWorkspace, name: string, hash: string, signal?: AbortSignal): Promise<CodeMatch | undefined> {
	const list = await armRaw<{ value?: RawCodeVersion[] }>(workspace.connection, codesPath(workspace, name), codeApiVersion, `look up uploaded code in ${workspace.label}`, {
		query: { hash, hashVersion: '202208' },
		signal,
	});
	const found = list.value?.[0];
	if (!found) {
		return undefined;
	}
	const match = /\/codes\/([^/]+)\/versions\/([^/]+)$/.exec(found.id);
	return { id: found.id, name: match ? decodeURIComponent(match[1]) : name, version: match ? decodeURIComponent(match[2]) : nameFromId(found.id), codeUri: found.properties?.codeUri };
}

/** Where to upload a code snapshot: a blob container and a SAS URL that may write to it (about 8 h). */
export interface PendingUpload {
	readonly blobUri: string;
	readonly sasUri: string;
	readonly pendingUploadId?: string;
}

interface RawPendingUpload {
	readonly blobReferenceForConsumption?: { readonly blobUri?: string; readonly credential?: { readonly credentialType?: string; readonly sasUri?: string } };
	readonly pendingUploadId?: string;
}

export async function startPendingUpload(workspace: AzureWorkspace, name: string, version: string, signal?: AbortSignal): Promise<PendingUpload> {
	const answer = await armRaw<RawPendingUpload>(
		workspace.connection,
		`${codesPath(workspace, name)}/${encodeURIComponent(version)}/startPendingUpload`,
		codeApiVersion,
		`prepare the upload of code "${name}:${version}" in ${workspace.label}`,
		{ method: 'POST', body: { pendingUploadType: 'TemporaryBlobReference' }, signal },
	);
	const reference = answer?.blobReferenceForConsumption;
	if (!reference?.blobUri || !reference.credential?.sasUri) {
		throw new AzureError('azure.serviceError', `The service did not say where to upload code "${name}:${version}" in ${workspace.label}. Try again later.`);
	}
	return { blobUri: reference.blobUri, sasUri: reference.credential.sasUri, pendingUploadId: answer.pendingUploadId };
}

/** Registers an uploaded snapshot; `codeUri` is the container (single file) or `<container>/<folder>`. */
export function createCodeVersion(
	workspace: AzureWorkspace,
	name: string,
	version: string,
	spec: { readonly codeUri: string; readonly hash: string; readonly description?: string; readonly isAnonymous?: boolean; readonly isArchived?: boolean },
	signal?: AbortSignal,
): Promise<CodeVersion> {
	return armCall(`register code "${name}:${version}" in ${workspace.label}`, () =>
		workspace.arm.codeVersions.createOrUpdate(
			workspace.ref.resourceGroup,
			workspace.ref.workspace,
			name,
			version,
			{ properties: { description: spec.description, properties: { hash_sha256: spec.hash, hash_version: '202208' }, isAnonymous: spec.isAnonymous ?? false, isArchived: spec.isArchived ?? false, codeUri: spec.codeUri } },
			{ abortSignal: signal },
		),
	);
}

export function getCodeVersion(workspace: AzureWorkspace, name: string, version: string, signal?: AbortSignal): Promise<CodeVersion> {
	return armCall(`read code "${name}:${version}" in ${workspace.label}`, () =>
		workspace.arm.codeVersions.get(workspace.ref.resourceGroup, workspace.ref.workspace, name, version, { abortSignal: signal }),
	);
}

/** Removes a code version (used to undo a submit that failed after registering it). */
export function deleteCodeVersion(workspace: AzureWorkspace, name: string, version: string, signal?: AbortSignal): Promise<void> {
	return armCall(`delete code "${name}:${version}" in ${workspace.label}`, () =>
		workspace.arm.codeVersions.delete(workspace.ref.resourceGroup, workspace.ref.workspace, name, version, { abortSignal: signal }),
	);
}
