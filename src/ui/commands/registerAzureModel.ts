import type { ModelVersion } from '@azure/arm-machinelearning';
import * as vscode from 'vscode';
import type { AzureRunBackend } from '../../core/backends/azure/AzureRunBackend';
import { isMlflowModelFolder } from '../../core/artifacts/runArtifacts';
import { isAzureError } from '../../core/azure/errors';
import { jobOutputUri, mlflowFlavors, nextVersion } from '../../core/models/modelDetails';
import { latestMetricValues } from '../../core/models/runMetrics';
import { azureModule } from '../azure/azureModule';
import { askModelDetails } from '../models/askModelDetails';
import { readArtifactText } from '../artifacts/readArtifactText';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import { ArtifactNode } from '../tree/ArtifactNodes';

/**
 * Registers an Azure job's output as the next version of a model: its outputs/ folder (on the job),
 * or the folder or file chosen under it. The version's path points at the job's output (nothing is
 * copied); an `MLmodel` file at the folder's top makes it an MLflow model; the run's latest metric
 * values become properties.
 */
export async function registerAzureModel(services: Services, node?: unknown): Promise<ModelVersion> {
	const target = runTargetOf(node);
	if (target?.backend.kind !== 'azure') {
		throw new Error('Choose a job of a workspace in the Azure ML view, or a file or folder under it, to register it as a model.');
	}
	const backend = target.backend as AzureRunBackend;
	const artifactPath = node instanceof ArtifactNode ? node.entry.path : 'outputs';
	const folder = node instanceof ArtifactNode ? node.entry.kind === 'folder' : true;
	const [azure, run, metrics, files] = await Promise.all([
		azureModule(),
		backend.getRun(target.runId),
		latestMetricValues(backend, target.runId),
		backend.listArtifacts(target.runId, folder ? `${artifactPath}/` : artifactPath),
	]);
	if (files.length === 0) {
		throw new Error(`${target.label} has no ${artifactPath}${folder ? '/' : ''} yet: a script saves its model under ./outputs to register it.`);
	}
	const mlmodel = folder && isMlflowModelFolder(files, artifactPath) ? files.find((f) => f.path === `${artifactPath}/MLmodel`) : undefined;
	const details = await askModelDetails(services, {
		defaultName: run.experiment,
		nextVersion: async (name) => nextVersion((await azure.latestModelVersion(backend.workspace, name))?.name),
		detectedType: mlmodel ? 'mlflow_model' : 'custom_model',
		metrics,
	});
	const version = details.version ?? '1';
	const registered = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Registering model "${details.name}:${version}" from ${target.label}…` },
		async () => {
			await refuseExisting(azure, backend, details.name, version);
			const flavors = details.modelType === 'mlflow_model' && mlmodel ? mlflowFlavors(await readArtifactText(backend, target.runId, mlmodel)) : undefined;
			return azure.createModelVersion(backend.workspace, details.name, version, {
				modelType: details.modelType,
				modelUri: jobOutputUri(target.runId, artifactPath, folder),
				jobName: target.runId,
				description: details.description,
				tags: details.tags,
				properties: details.properties,
				flavors,
			});
		},
	);
	void vscode.window.showInformationMessage(`Registered ${details.name}:${registered.name ?? version} from ${artifactPath} of ${target.label}.`);
	return registered;
}

/** A PUT on an existing version would replace it: a version number already taken is refused instead. */
async function refuseExisting(azure: Awaited<ReturnType<typeof azureModule>>, backend: AzureRunBackend, name: string, version: string): Promise<void> {
	try {
		await azure.getModelVersion(backend.workspace, name, version);
	} catch (error) {
		if (isAzureError(error, 'azure.notFound')) {
			return;
		}
		throw error;
	}
	throw new Error(`Model ${name} already has a version ${version}: choose another version.`);
}
