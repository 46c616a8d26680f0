import type { ModelContainer, ModelVersion } from '@azure/arm-machinelearning';
import { armCall, onePage, type Page } from '../../azure/arm';
import { isAzureError } from '../../azure/errors';
import type { AzureWorkspace } from './AzureWorkspace';

export function listModels(workspace: AzureWorkspace, pageToken?: string, signal?: AbortSignal): Promise<Page<ModelContainer>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(`list the models of ${workspace.label}`, workspace.arm.modelContainers.list(resourceGroup, name, { abortSignal: signal }), pageToken);
}

export function listModelVersions(workspace: AzureWorkspace, model: string, pageToken?: string, signal?: AbortSignal): Promise<Page<ModelVersion>> {
	const { resourceGroup, workspace: name } = workspace.ref;
	return onePage(
		`list the versions of model "${model}" in ${workspace.label}`,
		workspace.arm.modelVersions.list(resourceGroup, name, model, { listViewType: 'ActiveOnly', abortSignal: signal }),
		pageToken,
	);
}

export function getModelVersion(workspace: AzureWorkspace, model: string, version: string, signal?: AbortSignal): Promise<ModelVersion> {
	return armCall(`read model "${model}:${version}" in ${workspace.label}`, () =>
		workspace.arm.modelVersions.get(workspace.ref.resourceGroup, workspace.ref.workspace, model, version, { abortSignal: signal }),
	);
}

/** The newest version of a model, or undefined when the model does not exist yet (the service answers 404). */
export async function latestModelVersion(workspace: AzureWorkspace, model: string, signal?: AbortSignal): Promise<ModelVersion | undefined> {
	const { resourceGroup, workspace: name } = workspace.ref;
	try {
		const page = await onePage(
			`find the latest version of model "${model}" in ${workspace.label}`,
			workspace.arm.modelVersions.list(resourceGroup, name, model, { orderBy: 'createdtime desc', top: 1, abortSignal: signal }),
		);
		return page.items[0];
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return undefined;
		}
		throw error;
	}
}

export interface ModelVersionSpec {
	readonly modelType: 'custom_model' | 'mlflow_model' | 'triton_model';
	/** e.g. `azureml://jobs/<job>/outputs/artifacts/paths/outputs/model.pt`. */
	readonly modelUri: string;
	readonly jobName?: string;
	readonly description?: string;
	readonly tags?: Record<string, string>;
	/** Shown with the model, e.g. the final metrics of the run that produced it. */
	readonly properties?: Record<string, string>;
	readonly flavors?: Record<string, { data?: Record<string, string> }>;
}

export function createModelVersion(workspace: AzureWorkspace, model: string, version: string, spec: ModelVersionSpec, signal?: AbortSignal): Promise<ModelVersion> {
	return armCall(`register model "${model}:${version}" in ${workspace.label}`, () =>
		workspace.arm.modelVersions.createOrUpdate(
			workspace.ref.resourceGroup,
			workspace.ref.workspace,
			model,
			version,
			{
				properties: {
					description: spec.description,
					properties: spec.properties ?? {},
					tags: spec.tags ?? {},
					isAnonymous: false,
					isArchived: false,
					flavors: spec.flavors,
					modelType: spec.modelType,
					modelUri: spec.modelUri,
					jobName: spec.jobName,
				},
			},
			{ abortSignal: signal },
		),
	);
}
