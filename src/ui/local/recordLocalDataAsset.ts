import * as path from 'node:path';
import * as vscode from 'vscode';
import { listLocalDataAssets, nextLocalDataVersion, registerLocalDataAsset } from '../../core/backends/local/localDataAssets';
import { versionProblem } from '../../core/data/dataVersions';
import { nameProblem } from '../../core/jobs/names';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';

/**
 * "Upload Folder as Data Asset…" on Local: nothing is uploaded; the folder's path is recorded under
 * a name and version in the Local store, shown under Local › Data and offered to Local submits.
 */
export async function recordLocalDataAsset(services: Services, folder: string): Promise<void> {
	const backend = services.local.backend;
	if (!backend) {
		throw new Error('Open a folder first: local data assets are kept in the Local store inside it (setting azuremlExplorer.local.store).');
	}
	// Read first: a damaged file is reported before the user types anything.
	const assets = await listLocalDataAssets(backend.store);
	const title = `Register ${path.basename(folder)} as a data asset of Local`;
	const suggested = path.basename(folder).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'data';
	const name = await services.prompt.inputBox({ title, prompt: 'Data asset name', value: suggested, validateInput: (v) => nameProblem('asset', v) });
	const version = await services.prompt.inputBox({
		title,
		prompt: 'Version (the next free one by default)',
		value: nextLocalDataVersion(assets, name),
		validateInput: (v) => versionProblem(v) ?? (assets.some((a) => a.name === name && a.version === v) ? `${name} already has a version "${v}".` : undefined),
	});
	const description = await services.prompt.inputBox({ title, prompt: 'Description (optional)', value: '' });
	const asset = await registerLocalDataAsset(backend.store, { name, version, folder, description });
	extensionLog.info(`Recorded local data asset ${asset.name}:${asset.version} for ${asset.path}.`);
	services.tree.refresh(services.localNode);
	void vscode.window.showInformationMessage(`Local data asset "${asset.name}:${asset.version}" is ${asset.path}: Local runs can read it as an input.`);
}
