import type { DataContainer, DataVersionBase } from '@azure/arm-machinelearning';
import { armCall, onePage, type Page } from '../../azure/arm';
import type { AzureWorkspace } from './AzureWorkspace';

export function listDataAssets(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<DataContainer>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(`list the data assets of ${workspace.label}`, workspace.arm.dataContainers.list(resourceGroup, name, { abortSignal: signal }), pageToken);
}

export function listDataVersions(workspace: AzureWorkspace, asset: string, pageToken?: string, signal?: AbortSignal): Promise<Page<DataVersionBase>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(
		`list the versions of data asset "${asset}" in ${workspace.label}`,
		workspace.arm.dataVersions.list(resourceGroup, name, asset, { listViewType: 'ActiveOnly', abortSignal: signal }),
		pageToken,
	);
}

export function getDataVersion(workspace: AzureWorkspace, asset: string, version: string, signal?: AbortSignal): Promise<DataVersionBase> {
	return armCall(`read data asset "${asset}:${version}" in ${workspace.label}`, () =>
		workspace.arm.dataVersions.get(workspace.ref.resourceGroup, workspace.ref.workspace, asset, version, { abortSignal: signal }),
	);
}

export interface DataVersionSpec {
	readonly dataType: 'uri_file' | 'uri_folder' | 'mltable';
	/** e.g. `azureml://datastores/workspaceblobstore/paths/LocalUpload/<hash>/data/`. */
	readonly dataUri: string;
	readonly description?: string;
	readonly tags?: Record<string, string>;
}

/** Registers a data asset version (no container needs creating first). */
export function createDataVersion(workspace: AzureWorkspace, asset: string, version: string, spec: DataVersionSpec, signal?: AbortSignal): Promise<DataVersionBase> {
	return armCall(`register data asset "${asset}:${version}" in ${workspace.label}`, () =>
		workspace.arm.dataVersions.createOrUpdate(
			workspace.ref.resourceGroup,
			workspace.ref.workspace,
			asset,
			version,
			{
				properties: {
					dataType: spec.dataType,
					dataUri: spec.dataUri,
					description: spec.description,
					tags: spec.tags ?? {},
					properties: {},
					isAnonymous: false,
					isArchived: false,
				},
			},
			{ abortSignal: signal },
		),
	);
}
