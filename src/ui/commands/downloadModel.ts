import { cp, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseJobOutputUri } from '../../core/models/modelDetails';
import { resolveBackend } from '../webviews/metrics/backendResolvers';
import { downloadWithProgress } from '../artifacts/downloadWithProgress';
import type { Services } from '../services';
import { AzureModelVersionNode } from '../tree/azure/modelFolder';
import { LocalModelVersionNode } from '../tree/local/LocalModelNodes';

/**
 * Downloads a model version's files: an Azure version registered from a job's output is read from
 * the job's artifacts; a Local version's folder or file is copied.
 */
export async function downloadModel(services: Services, node?: unknown): Promise<string> {
	if (node instanceof AzureModelVersionNode) {
		const uri = node.version.properties.modelUri ?? '';
		const output = parseJobOutputUri(uri);
		if (!output) {
			throw new Error(`Download covers model versions registered from a job's output (azureml://jobs/…); ${node.resource.name} is at ${uri || 'no path'}.`);
		}
		const backend = await resolveBackend('azure', node.workspace.armId);
		if (!backend.listArtifacts || !backend.artifactReader) {
			throw new Error('The workspace cannot list job outputs.');
		}
		const listed = await backend.listArtifacts(output.runId, output.folder && output.path !== '' ? `${output.path}/` : output.path);
		const artifacts = output.folder ? listed : listed.filter((a) => a.path === output.path);
		const parent = path.posix.dirname(output.path);
		const reader = backend.artifactReader.bind(backend);
		return downloadWithProgress(services, {
			label: `model ${node.resource.name}`,
			name: path.posix.basename(output.path) || output.runId,
			artifacts,
			stripPrefix: parent === '.' ? '' : `${parent}/`,
			reader: (artifact) => reader(output.runId, artifact),
		});
	}
	if (node instanceof LocalModelVersionNode) {
		const { version } = node;
		const source = version.path;
		const folder = await services.prompt.pickFolder({ title: `Download model ${version.name}:${version.version} to`, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
		const target = path.join(folder, `${version.name}-${version.version}${(await stat(source)).isDirectory() ? '' : path.extname(source)}`);
		if (await stat(target).then(() => true, () => false)) {
			throw new Error(`Not downloaded: ${target} already exists.`);
		}
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Copying model ${version.name}:${version.version}` }, () =>
			cp(source, target, { recursive: true }),
		);
		void vscode.window.showInformationMessage(`Downloaded model ${version.name}:${version.version} to ${target}.`);
		return target;
	}
	throw new Error('Choose a model version under Models in the Azure ML view to download it.');
}
