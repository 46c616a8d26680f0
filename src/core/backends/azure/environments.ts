import type { EnvironmentContainer, EnvironmentVersion } from '@azure/arm-machinelearning';
import { armCall, onePage, type Page } from '../../azure/arm';
import type { AzureWorkspace } from './AzureWorkspace';

export function listEnvironments(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<EnvironmentContainer>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(`list the environments of ${workspace.label}`, workspace.arm.environmentContainers.list(resourceGroup, name, { abortSignal: signal }), pageToken);
}

export function listEnvironmentVersions(workspace: AzureWorkspace, environment: string, pageToken?: string, signal?: AbortSignal): Promise<Page<EnvironmentVersion>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(
		`list the versions of environment "${environment}" in ${workspace.label}`,
		workspace.arm.environmentVersions.list(resourceGroup, name, environment, { listViewType: 'ActiveOnly', abortSignal: signal }),
		pageToken,
	);
}

export function getEnvironmentVersion(workspace: AzureWorkspace, environment: string, version: string, signal?: AbortSignal): Promise<EnvironmentVersion> {
	return armCall(`read environment "${environment}:${version}" in ${workspace.label}`, () =>
		workspace.arm.environmentVersions.get(workspace.ref.resourceGroup, workspace.ref.workspace, environment, version, { abortSignal: signal }),
	);
}

export interface EnvironmentVersionSpec {
	/** Base image, e.g. `mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04`; absent for a Docker build context. */
	readonly image?: string;
	/** A Docker build context the service builds the image from (never with `image` or `condaFile`). */
	readonly build?: { readonly contextUri: string; readonly dockerfilePath: string };
	/** Conda environment YAML text (a requirements.txt is wrapped into one by the caller). */
	readonly condaFile?: string;
	readonly description?: string;
	readonly tags?: Record<string, string>;
	/** Archived versions are hidden from lists; the service keeps them. */
	readonly isArchived?: boolean;
}

export function createEnvironmentVersion(
	workspace: AzureWorkspace,
	environment: string,
	version: string,
	spec: EnvironmentVersionSpec,
	signal?: AbortSignal,
): Promise<EnvironmentVersion> {
	return armCall(`register environment "${environment}:${version}" in ${workspace.label}`, () =>
		workspace.arm.environmentVersions.createOrUpdate(
			workspace.ref.resourceGroup,
			workspace.ref.workspace,
			environment,
			version,
			{
				properties: {
					description: spec.description,
					tags: spec.tags,
					isAnonymous: false,
					isArchived: spec.isArchived ?? false,
					image: spec.image,
					condaFile: spec.condaFile,
					build: spec.build,
				},
			},
			{ abortSignal: signal },
		),
	);
}

/** Removes an environment version (used to undo a submit that failed after registering it). */
export function deleteEnvironmentVersion(workspace: AzureWorkspace, environment: string, version: string, signal?: AbortSignal): Promise<void> {
	return armCall(`delete environment "${environment}:${version}" in ${workspace.label}`, () =>
		workspace.arm.environmentVersions.delete(workspace.ref.resourceGroup, workspace.ref.workspace, environment, version, { abortSignal: signal }),
	);
}
