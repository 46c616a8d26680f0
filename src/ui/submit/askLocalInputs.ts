import type * as vscode from 'vscode';
import { inputNameFor, listLocalDataAssets, localDataReference, type LocalDataAsset } from '../../core/backends/local/localDataAssets';
import type { Prompter } from '../prompter';

/**
 * The local data assets a Local run reads, each as the input named after its asset (`mnist-images`
 * → `${{inputs.mnist_images}}`). Asked only when the Local store has some; the last choice for the
 * script is offered ticked.
 */
export async function askLocalInputs(prompt: Prompter, store: string, title: string, remembered: readonly string[] = []): Promise<Record<string, LocalDataAsset>> {
	const assets = await listLocalDataAssets(store);
	if (assets.length === 0) {
		return {};
	}
	const items = assets.map((asset): vscode.QuickPickItem & { asset: LocalDataAsset } => ({
		label: `${asset.name}:${asset.version}`,
		description: asset.path,
		detail: asset.description,
		picked: remembered.includes(localDataReference(asset)),
		asset,
	}));
	const picked = await prompt.quickPickMany(items, { title, placeHolder: 'Local data assets the script reads as ${{inputs.<name>}} (none: press Enter)' });
	return inputsOf(picked.map((p) => p.asset));
}

/** Input name → asset; two versions of one asset get their version in the name to keep both. */
export function inputsOf(assets: readonly LocalDataAsset[]): Record<string, LocalDataAsset> {
	const inputs: Record<string, LocalDataAsset> = {};
	for (const asset of assets) {
		const sameName = assets.filter((a) => a.name === asset.name).length > 1;
		inputs[inputNameFor(sameName ? `${asset.name}_${asset.version}` : asset.name)] = asset;
	}
	return inputs;
}
