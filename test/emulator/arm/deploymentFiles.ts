import type { EmulatorContext } from '../context';
import type { BlobLocation, DeploymentFiles } from '../deploymentServers';
import type { WorkspaceState } from '../state';

/** A model or code version of the workspace from its ARM id (or `azureml:<name>:<version>`). */
function assetVersion(workspace: WorkspaceState, kind: 'models' | 'codes', reference: string) {
	const match = new RegExp(`/${kind}/([^/]+)/versions/([^/]+)$`, 'i').exec(reference) ?? (kind === 'models' ? /^azureml:([^:]+):([^:]+)$/.exec(reference) : null);
	return match ? workspace.assets[kind].get(decodeURIComponent(match[1]))?.versions.get(decodeURIComponent(match[2])) : undefined;
}

/**
 * The container and prefix an asset path names in the emulator's storage: a job's artifacts
 * (`azureml://jobs/<job>/outputs/artifacts/paths/<p>`), a datastore path (short or long form), or
 * a blob URL (what code versions hold).
 */
export function blobLocationOf(context: EmulatorContext, workspace: WorkspaceState, uri: string): BlobLocation | undefined {
	const job = /^azureml:\/\/jobs\/([^/]+)\/outputs\/artifacts\/paths\/(.+)$/.exec(uri);
	if (job) {
		return { container: workspace.artifactContainer, prefix: `ExperimentRun/dcid.${job[1]}/${job[2]}` };
	}
	const datastore = /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+\/workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/(.+)$/i.exec(uri);
	if (datastore) {
		const container = workspace.datastores.get(datastore[1])?.resource.properties.containerName;
		return typeof container === 'string' ? { container, prefix: datastore[2] } : undefined;
	}
	if (/^https?:\/\//.test(uri)) {
		const url = new URL(uri);
		// Path-style (the emulator's and Azurite's `/<account>/<container>/…`) or host-style (`<account>.blob…/<container>/…`).
		const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		const pathStyle = url.origin === context.origin || url.hostname === '127.0.0.1' || url.hostname === 'localhost';
		const [container, ...rest] = pathStyle ? segments.slice(1) : segments;
		return container && rest.length > 0 ? { container, prefix: rest.join('/') } : undefined;
	}
	return undefined;
}

/** What a deployment PUT names, found in the workspace; a string says what is missing (the service's 400). */
export function deploymentFilesOf(context: EmulatorContext, workspace: WorkspaceState, properties: Record<string, unknown>): DeploymentFiles | string {
	const model = assetVersion(workspace, 'models', String(properties.model));
	if (!model) {
		return `Model ${String(properties.model)} was not found in workspace ${workspace.name}.`;
	}
	const modelLocation = blobLocationOf(context, workspace, String(model.properties.modelUri));
	if (!modelLocation) {
		return `The path of model ${model.id} (${String(model.properties.modelUri)}) cannot be read.`;
	}
	const configuration = properties.codeConfiguration as { codeId?: string; scoringScript?: string } | undefined;
	if (!configuration?.codeId || !configuration.scoringScript) {
		return 'properties.codeConfiguration (codeId and scoringScript) is required for a custom model.';
	}
	const code = assetVersion(workspace, 'codes', configuration.codeId);
	const codeLocation = code && blobLocationOf(context, workspace, String(code.properties.codeUri));
	if (!codeLocation) {
		return `Code ${configuration.codeId} was not found in workspace ${workspace.name}.`;
	}
	return { model: modelLocation, code: codeLocation, scoringScript: configuration.scoringScript };
}
