import * as path from 'node:path';

/** The workspace folder the Local store belongs to: its path, and what VS Code's settings take as its resource. */
export interface StoreFolder<Resource> {
	readonly fsPath: string;
	readonly resource: Resource;
}

/**
 * The folder azuremlExplorer.local.store names: the setting is resource-scoped, so it is read with
 * the folder as its resource (a multi-root workspace's own value for that folder counts); a
 * relative path is inside that folder, and without a folder only an absolute path names a store.
 */
export function localStorePath<Resource>(
	folder: StoreFolder<Resource> | undefined,
	readSetting: (resource: Resource | undefined) => string | undefined,
	pathApi: path.PlatformPath = path,
): string | undefined {
	const setting = readSetting(folder?.resource)?.trim() || 'mlruns';
	if (pathApi.isAbsolute(setting)) {
		return setting;
	}
	return folder ? pathApi.join(folder.fsPath, setting) : undefined;
}
