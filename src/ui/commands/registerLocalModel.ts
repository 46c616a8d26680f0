import * as vscode from 'vscode';
import type { LocalBackend } from '../../core/backends/local/localBackend';
import { modelNameProblem, registerLocalModel as register, type LocalModelVersion } from '../../core/backends/local/modelRegistry';
import { latestMetricValues } from '../../core/models/runMetrics';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/**
 * Registers a Local run's outputs/ folder as the next version of a model in the Local registry, with
 * the run's latest metric values as version tags (all picked by default), as the tutorial does.
 */
export async function registerLocalModel(services: Services, node?: TreeNode): Promise<LocalModelVersion> {
	const target = runTargetOf(node);
	if (target?.backend.kind !== 'local') {
		throw new Error('Choose a Local run in the Azure ML view to register its outputs as a model.');
	}
	const backend = target.backend as LocalBackend;
	const [run, metrics, artifacts] = await Promise.all([backend.getRun(target.runId), latestMetricValues(backend, target.runId), backend.artifactsDir(target.runId)]);
	const outputs = vscode.Uri.joinPath(vscode.Uri.file(artifacts), 'outputs');
	try {
		await vscode.workspace.fs.stat(outputs);
	} catch {
		throw new Error(`Run "${target.label}" wrote no outputs/ folder: a script saves its model under ./outputs to register it.`);
	}
	const name = await services.prompt.inputBox({
		title: 'Register Model: name',
		value: run.experiment.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, ''),
		validateInput: (value) => modelNameProblem(value.trim()),
	});
	const entries = Object.entries(metrics);
	const picked = entries.length
		? await services.prompt.quickPickMany(
				entries.map(([key, value]) => ({ label: key, description: value, picked: true })),
				{ title: 'Register Model: metrics to attach (the run\'s latest values)', placeHolder: 'Unpick the metrics to leave out' },
			)
		: [];
	const version = await register(backend.store, {
		name: name.trim(),
		path: outputs.fsPath,
		runId: target.runId,
		tags: Object.fromEntries(picked.map((item) => [item.label, metrics[item.label]])),
	});
	void vscode.window.showInformationMessage(`Registered ${version.name}:${version.version} from ${target.label} in the Local workspace.`);
	return version;
}
