import type { ModelVersion } from '@azure/arm-machinelearning';
import * as vscode from 'vscode';
import type { AzureRunBackend } from '../../core/backends/azure/AzureRunBackend';
import { modelNameProblem } from '../../core/backends/local/modelRegistry';
import { latestMetricValues } from '../../core/models/runMetrics';
import { azureModule } from '../azure/azureModule';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/**
 * Registers an Azure job's outputs/ folder as the next version of a model: a version whose path points
 * at the job's output (nothing is copied), with the run's latest metric values as properties.
 */
export async function registerAzureModel(services: Services, node?: TreeNode): Promise<ModelVersion> {
	const target = runTargetOf(node);
	if (target?.backend.kind !== 'azure') {
		throw new Error('Choose a job of a workspace in the Azure ML view to register its outputs as a model.');
	}
	const backend = target.backend as AzureRunBackend;
	const [azure, run, metrics] = await Promise.all([azureModule(), backend.getRun(target.runId), latestMetricValues(backend, target.runId)]);
	const name = (
		await services.prompt.inputBox({
			title: 'Register Model: name',
			value: run.experiment.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, ''),
			validateInput: (value) => modelNameProblem(value.trim()),
		})
	).trim();
	const entries = Object.entries(metrics);
	const picked = entries.length
		? await services.prompt.quickPickMany(
				entries.map(([key, value]) => ({ label: key, description: value, picked: true })),
				{ title: "Register Model: metrics to attach as properties (the run's latest values)", placeHolder: 'Unpick the metrics to leave out' },
			)
		: [];
	const version = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Registering model "${name}" from ${target.label}…` }, async () => {
		const latest = await azure.latestModelVersion(backend.workspace, name);
		const next = latest ? String((Number.parseInt(latest.name ?? '0', 10) || 0) + 1) : '1';
		return azure.createModelVersion(backend.workspace, name, next, {
			modelType: 'custom_model',
			modelUri: `azureml://jobs/${target.runId}/outputs/artifacts/paths/outputs/`,
			jobName: target.runId,
			properties: Object.fromEntries(picked.map((item) => [item.label, metrics[item.label]])),
		});
	});
	void vscode.window.showInformationMessage(`Registered ${name}:${version.name ?? ''} from ${target.label}.`);
	return version;
}
