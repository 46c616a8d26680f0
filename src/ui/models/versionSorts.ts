import type * as vscode from 'vscode';
import type { VersionSort } from '../../core/models/versionSort';

// The sort chosen for each model's versions, remembered in the workspace's state. Set once in
// activate(); the tree's model nodes (Azure and Local) and the sort and deploy commands read it.
let state: vscode.Memento | undefined;

export function useVersionSortState(memento: vscode.Memento): void {
	state = memento;
}

/** The key of a Local model's sort (the key Deploy to Local has always used). */
export function localSortKey(model: string): string {
	return `azuremlExplorer.versionSort:${model}`;
}

/** The key of an Azure model's sort: per model resource, so workspaces never share one. */
export function azureSortKey(modelId: string): string {
	return `azuremlExplorer.versionSort:${modelId.toLowerCase()}`;
}

export function versionSortOf(key: string): VersionSort | undefined {
	const sort = state?.get<VersionSort>(key);
	return sort && typeof sort.property === 'string' && (sort.direction === 'highest' || sort.direction === 'lowest') ? sort : undefined;
}

/** Remembers a sort; undefined goes back to newest first. */
export async function setVersionSort(key: string, sort: VersionSort | undefined): Promise<void> {
	await state?.update(key, sort);
}
