import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import { nextFreeVersion, versionProblem } from '../../core/data/dataVersions';
import { nameProblem } from '../../core/jobs/names';
import type { AzureModule } from '../azure/azureModule';
import type { Prompter } from '../prompter';

export interface DataAssetAnswers {
	readonly name: string;
	readonly version: string;
	readonly description: string;
}

/** The name (suggested), version (the next free one) and description of a new data asset version. */
export async function askDataAsset(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, title: string, suggested: string): Promise<DataAssetAnswers> {
	const name = await prompt.inputBox({ title, prompt: 'Data asset name', value: suggested, validateInput: (v) => nameProblem('asset', v) });
	const version = await prompt.inputBox({
		title,
		prompt: 'Version (the next free one by default)',
		value: nextFreeVersion(await existingVersions(azure, workspace, name)),
		validateInput: versionProblem,
	});
	const description = await prompt.inputBox({ title, prompt: 'Description (optional)', value: '' });
	return { name, version, description };
}

/** The versions a data asset already has (none when there is no such asset yet), to offer the next free one. */
export async function existingVersions(azure: AzureModule, workspace: AzureWorkspace, name: string): Promise<string[]> {
	try {
		return (await azure.listDataVersions(workspace, name)).items.map((v) => v.name ?? '');
	} catch (error) {
		if ((error as { kind?: string }).kind === 'azure.notFound') {
			return [];
		}
		throw error;
	}
}
