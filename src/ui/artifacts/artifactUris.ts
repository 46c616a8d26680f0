import * as vscode from 'vscode';
import type { RunBackend } from '../../core/backends/types';
import type { RunTarget } from '../runTarget';

/** The scheme of a run's artifacts opened read-only in an editor. */
export const artifactScheme = 'azureml-output';

export interface ArtifactAddress {
	readonly kind: RunBackend['kind'];
	/** The backend's workspaceId (ARM workspace id, local store folder), found again through the backend resolvers. */
	readonly workspaceId: string;
	readonly runId: string;
	/** Relative to the run's artifact root, `/`-separated. */
	readonly path: string;
}

/**
 * `azureml-output:/<run id>/<artifact path>?kind=azure&workspace=<id>`: the path ends with the
 * file's own name, so the editor's tab and language come from it.
 */
export function artifactUri(target: Pick<RunTarget, 'backend' | 'runId'>, path: string): vscode.Uri {
	const query = new URLSearchParams({ kind: target.backend.kind, workspace: target.backend.workspaceId ?? '' });
	return vscode.Uri.from({ scheme: artifactScheme, path: `/${target.runId}/${path}`, query: query.toString() });
}

export function parseArtifactUri(uri: vscode.Uri): ArtifactAddress {
	const query = new URLSearchParams(uri.query);
	const kind = query.get('kind');
	const workspaceId = query.get('workspace');
	const [, runId, ...rest] = uri.path.split('/');
	if ((kind !== 'azure' && kind !== 'local') || !workspaceId || !runId) {
		throw vscode.FileSystemError.FileNotFound(uri);
	}
	return { kind, workspaceId, runId, path: rest.filter((part) => part !== '').join('/') };
}
