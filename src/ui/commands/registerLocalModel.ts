import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vscode from 'vscode';
import type { LocalBackend } from '../../core/backends/local/localBackend';
import { registerLocalModel as register, type LocalModelVersion } from '../../core/backends/local/modelRegistry';
import { latestMetricValues } from '../../core/models/runMetrics';
import { askModelDetails } from '../models/askModelDetails';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';
import { ArtifactNode } from '../tree/ArtifactNodes';

/** The tag a Local version keeps its type in (MLflow's registry has no field for it). */
export const modelTypeTag = 'azureml.modelType';

interface Source {
	readonly path: string;
	readonly runId?: string;
	readonly label: string;
	readonly defaultName: string;
	readonly metrics: Record<string, string>;
}

/**
 * Registers the next version of a model in the Local registry: a Local run's outputs/ folder (on the
 * run), a file or folder under it, or any file or folder of the explorer. The run's latest metric
 * values become version tags (all picked by default), as the tutorial does.
 */
export async function registerLocalModel(services: Services, arg?: unknown): Promise<LocalModelVersion> {
	const backend = services.local.backend;
	if (!backend) {
		throw new Error('Open a folder to use the Local workspace.');
	}
	const source = arg instanceof vscode.Uri ? explorerSource(arg) : await runSource(arg);
	let isFolder: boolean;
	try {
		isFolder = (await stat(source.path)).isDirectory();
	} catch {
		throw new Error(`${source.label} has no ${path.basename(source.path)} to register: a script saves its model under ./outputs to register it.`);
	}
	const mlflow = isFolder && (await stat(path.join(source.path, 'MLmodel')).then(() => true, () => false));
	const details = await askModelDetails(services, { defaultName: source.defaultName, detectedType: mlflow ? 'mlflow_model' : 'custom_model', metrics: source.metrics });
	const version = await register(backend.store, {
		name: details.name,
		path: source.path,
		runId: source.runId,
		description: details.description,
		tags: { ...details.tags, ...details.properties, [modelTypeTag]: details.modelType },
	});
	services.tree.refresh(services.localNode.modelsFolder);
	void vscode.window.showInformationMessage(`Registered ${version.name}:${version.version} from ${source.label} in the Local workspace.`);
	return version;

	async function runSource(node: unknown): Promise<Source> {
		const target = runTargetOf(node);
		if (target?.backend.kind !== 'local') {
			throw new Error('Choose a Local run in the Azure ML view, a file or folder under it, or one in the explorer, to register it as a model.');
		}
		const local = target.backend as LocalBackend;
		const [run, metrics, artifacts] = await Promise.all([local.getRun(target.runId), latestMetricValues(local, target.runId), local.artifactsDir(target.runId)]);
		const relative = node instanceof ArtifactNode ? node.entry.path : 'outputs';
		const file = node instanceof ArtifactNode && node.entry.kind === 'file' && node.entry.artifact.contentUri ? fileURLToPath(node.entry.artifact.contentUri) : path.join(artifacts, ...relative.split('/'));
		return { path: file, runId: target.runId, label: `${relative} of run "${target.label}"`, defaultName: run.experiment, metrics };
	}
}

function explorerSource(uri: vscode.Uri): Source {
	if (uri.scheme !== 'file') {
		throw new Error('Register Model… registers files of this machine: choose a file or folder in the explorer.');
	}
	return { path: uri.fsPath, label: vscode.workspace.asRelativePath(uri), defaultName: path.parse(uri.fsPath).name, metrics: {} };
}
