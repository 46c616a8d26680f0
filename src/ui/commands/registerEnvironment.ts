import * as path from 'node:path';
import * as vscode from 'vscode';
import { versionProblem } from '../../core/data/dataVersions';
import { dockerfileNameProblem, environmentFileNames } from '../../core/jobs/environmentFiles';
import { megabytes } from '../../core/snapshot/preflight';
import { nameProblem } from '../../core/jobs/names';
import { pickWorkspace } from '../azure/pickWorkspace';
import { azureModule } from '../azure/azureModule';
import { UserCancelledError } from '../errors';
import { extensionLog } from '../extensionLog';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { workspaceOfNode } from '../tree/azure/workspaceOfNode';
import type { TreeNode } from '../tree/TreeNode';

/** Azure ML's curated base images for building from a conda or pip file (mcr.microsoft.com/azureml). */
const baseImages = [
	{ label: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', description: 'CPU, Ubuntu 22.04, Open MPI' },
	{ label: 'mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04:latest', description: 'GPU, CUDA 11.8, cuDNN 8' },
	{ label: 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest', description: 'CPU, small, for inference' },
];

/**
 * "Register Environment…" on a requirements.txt, conda/environment YAML or Dockerfile (explorer), or
 * on a workspace's Environments folder: name, version (the next free one), base image (not for a
 * Dockerfile, whose folder is uploaded as the build context); an existing version with identical
 * content is reused, and the user is told which.
 */
export async function registerEnvironment(services: Services, arg?: unknown): Promise<void> {
	const fromTree = arg instanceof vscode.Uri ? undefined : (arg as TreeNode | undefined);
	const file = arg instanceof vscode.Uri ? arg.fsPath : await pickFile();
	const isDockerfile = dockerfileNameProblem(file) === undefined;
	if (!isDockerfile && !(environmentFileNames as readonly string[]).includes(path.basename(file).toLowerCase())) {
		throw new Error(`Register an environment from ${environmentFileNames.join(', ')} or a Dockerfile (got ${path.basename(file)}).`);
	}
	const workspace = fromTree ? workspaceOfNode(fromTree) : await pickWorkspace(services, 'Register the environment in…', 'the environment is registered in an Azure ML workspace');
	if (!workspace) {
		throw new Error('Use "Register Environment…" on a requirements or conda file, or on the Environments folder of a workspace.');
	}
	const azure = await azureModule();
	const title = `Register ${path.basename(file)} as an environment of ${workspace.ref.workspace}`;
	const suggested = `${path.basename(path.dirname(file)).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'my'}-env`;
	const name = await services.prompt.inputBox({ title, prompt: 'Environment name', value: suggested, validateInput: (v) => nameProblem('environment', v) });
	const version = await services.prompt.inputBox({
		title,
		prompt: 'Version (leave empty for the next free one)',
		value: '',
		validateInput: (v) => (v.trim() === '' ? undefined : versionProblem(v.trim())),
	});
	if (isDockerfile) {
		await registerFromDockerfile(workspace, file, name, version.trim() || undefined, fromTree, services);
		return;
	}
	const image = (await services.prompt.quickPick(baseImages, { title, placeHolder: 'Base image the packages are installed on' })).label;

	const result = await withCancellableProgress(`Registering environment "${name}"`, (signal) =>
		azure.registerEnvironment(workspace, { name, version: version.trim() || undefined, image, conda: azure.condaSourceFor(file) }, signal),
	);
	const message = result.reused
		? `Environment "${result.name}:${result.version}" already has this content (${path.basename(file)} on ${image}): reused it, nothing new registered.`
		: `Registered environment "${result.name}:${result.version}" in ${workspace.ref.workspace}; its image is built the first time a job uses it.`;
	extensionLog.info(message);
	services.tree.refresh(fromTree);
	void vscode.window.showInformationMessage(message);
}

/** The Dockerfile's folder goes up as the build context (one cancellable progress), then the version names it. */
async function registerFromDockerfile(workspace: AzureWorkspace, file: string, name: string, version: string | undefined, fromTree: TreeNode | undefined, services: Services): Promise<void> {
	const azure = await azureModule();
	const result = await withCancellableProgress(`Registering environment "${name}" from ${path.basename(file)}`, (signal, progress) =>
		azure.registerDockerEnvironment(workspace, { name, version, dockerfile: file }, { signal, onProgress: (p) => progress.report({ message: p.message }) }),
	);
	const context = path.basename(path.dirname(file));
	const message = result.reused
		? `Environment "${result.name}:${result.version}" already has this content (${context}/ with ${path.basename(file)}): reused it, nothing uploaded or registered.`
		: `Registered environment "${result.name}:${result.version}" in ${workspace.ref.workspace} from ${context}/${path.basename(file)} (${result.uploadedBytes === 0 ? 'the build context was already uploaded' : `uploaded ${megabytes(result.uploadedBytes)}`}); its image is built the first time a job uses it.`;
	extensionLog.info(message);
	services.tree.refresh(fromTree);
	void vscode.window.showInformationMessage(message);
}

async function pickFile(): Promise<string> {
	const picked = await vscode.window.showOpenDialog({
		canSelectFiles: true,
		canSelectMany: false,
		openLabel: 'Register Environment',
		filters: { 'Environment files': ['txt', 'yml', 'yaml', 'dockerfile'], 'All files (Dockerfile)': ['*'] },
	});
	if (!picked?.[0]) {
		throw new UserCancelledError('environment file');
	}
	return picked[0].fsPath;
}
