import type { EnvironmentVersion } from '@azure/arm-machinelearning';
import { AzureConfigError, isAzureError } from '../azure/errors';
import type { AzureWorkspace } from '../backends/azure/AzureWorkspace';
import { createEnvironmentVersion, getEnvironmentVersion, listEnvironmentVersions } from '../backends/azure/environments';
import { nextFreeVersion, versionProblem } from '../data/dataVersions';
import type { CondaSource } from '../jobs/commandJobSpec';
import { condaText, environmentVersionFor } from '../jobs/environmentFiles';
import { assertValidName } from '../jobs/names';

/**
 * The tag that records what an environment version was built from (base image + conda file). The
 * service re-serialises `condaFile` (the recording returns it as JSON text), so the text it gives
 * back cannot be compared; the tag can.
 */
export const contentHashTag = 'azuremlExplorer.contentHash';

export interface EnvironmentRegistration {
	readonly name: string;
	/** Absent: the next free whole-number version. */
	readonly version?: string;
	readonly image: string;
	readonly conda: CondaSource;
	readonly description?: string;
}

export interface RegisteredEnvironment {
	readonly name: string;
	readonly version: string;
	readonly id: string;
	/** True when a version with identical content already existed and is returned instead of a new one. */
	readonly reused: boolean;
}

/**
 * Registers an environment from a requirements.txt or conda file on a base image, unless a version
 * of the same name already has identical content (same image, same conda file): then that one is
 * returned, so nothing is duplicated and no image is built again. Names, versions and the file are
 * checked before any request.
 */
export async function registerEnvironment(workspace: AzureWorkspace, registration: EnvironmentRegistration, signal?: AbortSignal): Promise<RegisteredEnvironment> {
	assertValidName('environment', registration.name);
	const badVersion = registration.version === undefined ? undefined : versionProblem(registration.version);
	if (badVersion) {
		throw Object.assign(new Error(badVersion), { kind: 'invalidName' });
	}
	const conda = await condaText(registration.conda);
	const hash = environmentVersionFor(registration.image, conda);
	const versions = await versionsOf(workspace, registration.name, signal);
	// Submit's environments are versioned by this same hash; ours carry it as a tag.
	const same = versions.find((v) => v.name === hash || v.properties.tags?.[contentHashTag] === hash);
	if (same?.name) {
		return { name: registration.name, version: same.name, id: same.id ?? `${workspace.armId}/environments/${registration.name}/versions/${same.name}`, reused: true };
	}
	const version = registration.version ?? nextFreeVersion(versions.map((v) => v.name ?? ''));
	if (versions.some((v) => v.name === version) || (await exists(workspace, registration.name, version, signal))) {
		throw new AzureConfigError(`Environment "${registration.name}" already has a version "${version}" with other content in ${workspace.label}: choose another version.`);
	}
	signal?.throwIfAborted();
	const created = await createEnvironmentVersion(
		workspace,
		registration.name,
		version,
		{ image: registration.image, condaFile: conda, description: registration.description, tags: { [contentHashTag]: hash } },
		signal,
	);
	return { name: registration.name, version, id: created.id ?? `${workspace.armId}/environments/${registration.name}/versions/${version}`, reused: false };
}

/** Every version of an environment, or none when it does not exist yet. */
export async function versionsOf(workspace: AzureWorkspace, name: string, signal?: AbortSignal): Promise<EnvironmentVersion[]> {
	const all: EnvironmentVersion[] = [];
	let token: string | undefined;
	try {
		do {
			const page = await listEnvironmentVersions(workspace, name, token, signal);
			all.push(...page.items);
			token = page.nextPageToken;
		} while (token);
	} catch (error) {
		if (!isAzureError(error, 'azure.notFound')) {
			throw error;
		}
	}
	return all;
}

export async function exists(workspace: AzureWorkspace, name: string, version: string, signal?: AbortSignal): Promise<boolean> {
	try {
		await getEnvironmentVersion(workspace, name, version, signal);
		return true;
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return false;
		}
		throw error;
	}
}
