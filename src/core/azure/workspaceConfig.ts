import type { WorkspaceRef } from './workspaceRef';

// The file `Workspace.write_config()` (azureml-core), `MLClient.from_config()` (azure-ai-ml) and
// the studio's "Download config file" share: a JSON object naming one workspace. The SDKs look in a
// folder for `.azureml/config.json` before `config.json`, so the same order applies here.

/** Relative paths, in the order the SDKs look for them, of a folder's workspace config file. */
export const workspaceConfigNames: readonly (readonly string[])[] = [['.azureml', 'config.json'], ['config.json']];

/** Where Write Workspace Config puts the file when the folder has none: `write_config()`'s default. */
export const defaultWorkspaceConfigName: readonly string[] = workspaceConfigNames[0];

/** The candidate files of `folder`, joined with the given path flavour (`path.win32` or `path.posix`). */
export function workspaceConfigCandidates(folder: string, pathApi: { join(...parts: string[]): string }): string[] {
	return workspaceConfigNames.map((parts) => pathApi.join(folder, ...parts));
}

const requiredKeys = ['subscription_id', 'resource_group', 'workspace_name'] as const;

/** A config file that cannot be used; the message names the file and what is wrong with it. */
export class WorkspaceConfigError extends Error {
	readonly kind = 'workspaceConfig';

	constructor(
		readonly file: string,
		problem: string,
	) {
		super(`${file}: ${problem}`);
		this.name = 'WorkspaceConfigError';
	}
}

/** Reads the workspace a config file names; throws WorkspaceConfigError for bad JSON or missing keys. */
export function parseWorkspaceConfig(text: string, file: string): WorkspaceRef {
	let parsed: unknown;
	try {
		// Windows editors save with a byte order mark, which JSON.parse refuses.
		parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new WorkspaceConfigError(file, `not valid JSON (${(error as Error).message}).`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new WorkspaceConfigError(file, `expected a JSON object with ${requiredKeys.join(', ')}.`);
	}
	const record = parsed as Record<string, unknown>;
	const missing = requiredKeys.filter((key) => typeof record[key] !== 'string' || (record[key]).trim() === '');
	if (missing.length > 0) {
		throw new WorkspaceConfigError(file, `missing ${missing.map((k) => `"${k}"`).join(', ')} (a workspace config file names subscription_id, resource_group and workspace_name).`);
	}
	return {
		subscriptionId: (record.subscription_id as string).trim(),
		resourceGroup: (record.resource_group as string).trim(),
		workspace: (record.workspace_name as string).trim(),
	};
}

/** The file's text for a workspace, as `Workspace.write_config()` writes it. */
export function workspaceConfigText(ref: WorkspaceRef): string {
	return `${JSON.stringify({ subscription_id: ref.subscriptionId, resource_group: ref.resourceGroup, workspace_name: ref.workspace }, undefined, 4)}\n`;
}

/** Same workspace? Resource group and workspace names are case-insensitive in ARM. */
export function sameWorkspace(a: WorkspaceRef, b: WorkspaceRef): boolean {
	return (
		a.subscriptionId.toLowerCase() === b.subscriptionId.toLowerCase() &&
		a.resourceGroup.toLowerCase() === b.resourceGroup.toLowerCase() &&
		a.workspace.toLowerCase() === b.workspace.toLowerCase()
	);
}
