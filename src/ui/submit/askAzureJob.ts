import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import type { CommandJobSpec, ComputeSpec, DistributionSpec, EnvironmentSpec, JobInputSpec } from '../../core/jobs/commandJobSpec';
import { nameProblem } from '../../core/jobs/names';
import type { AzureModule } from '../azure/azureModule';
import type { Prompter } from '../prompter';
import { askScriptArguments } from './askScriptArguments';

const baseImage = 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest';

/** What the prompts start from: the last submit of this script (any target), or defaults. */
export interface AskDefaults {
	readonly experiment: string;
	readonly args: readonly string[];
	readonly spec?: CommandJobSpec;
}

interface Item<T> extends vscode.QuickPickItem {
	readonly value: T;
}

/**
 * Asks for everything an Azure ML command job needs, in the order the issue's flow gives: compute
 * and instances (and a distribution for several), environment, inputs, arguments, experiment and
 * display name. Every answer defaults to the last submit's.
 */
export async function askAzureJob(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, script: string, defaults: AskDefaults): Promise<{ spec: CommandJobSpec; args: string[] }> {
	const name = path.basename(script);
	const folder = path.dirname(script);
	const last = defaults.spec;
	const title = (step: string) => `Submit ${name} to ${workspace.ref.workspace}: ${step}`;

	const compute = await askCompute(prompt, azure, workspace, last?.compute, title('compute'));
	const instanceCount = Number(
		await prompt.inputBox({
			title: title('instances'),
			prompt: 'How many nodes run the job',
			value: String(last?.instanceCount ?? 1),
			validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 100 ? undefined : 'Give a whole number from 1 to 100.'),
		}),
	);
	const distribution = instanceCount > 1 ? await askDistribution(prompt, instanceCount, last?.distribution, title('distribution')) : undefined;
	const environment = await askEnvironment(prompt, azure, workspace, folder, last?.environment, title('environment'));
	const inputs = await askInputs(prompt, azure, workspace, folder, title);
	const args = await askScriptArguments(prompt, {
		title: title('arguments'),
		prompt: `Arguments for ${name}${Object.keys(inputs).length ? `; inputs: ${Object.keys(inputs).map((i) => `\${{inputs.${i}}}`).join(' ')}` : ''}`,
		value: inputs.data && defaults.args.length === 0 ? ['--data', '${{inputs.data}}'] : defaults.args,
	});
	const experimentName = await prompt.inputBox({ title: title('experiment'), prompt: 'Experiment name', value: defaults.experiment, validateInput: (text) => nameProblem('experiment', text) });
	const displayName = await prompt.inputBox({ title: title('display name'), prompt: 'Display name in the studio (optional)', value: last?.displayName ?? '' });
	const spec: CommandJobSpec = {
		experimentName,
		displayName: displayName.trim() || undefined,
		code: folder,
		command: azure.pythonCommand(name, args),
		environment,
		compute,
		instanceCount,
		distribution,
		inputs,
		tags: last?.tags,
		environmentVariables: last?.environmentVariables,
	};
	return { spec, args };
}

async function askCompute(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, last: ComputeSpec | undefined, title: string): Promise<ComputeSpec> {
	const computes = azure.listComputes(workspace).then((page) =>
		page.items
			.filter((c) => c.properties?.computeType === 'AmlCompute' && c.name)
			.map((c): Item<ComputeSpec> => {
				const p = (c.properties as { properties?: { vmSize?: string; scaleSettings?: { maxNodeCount?: number }; allocationState?: string; currentNodeCount?: number } }).properties;
				return {
					label: c.name!,
					description: [p?.vmSize, p?.allocationState, p?.scaleSettings?.maxNodeCount ? `up to ${p.scaleSettings.maxNodeCount} nodes` : undefined, c.properties?.provisioningState].filter(Boolean).join(' · '),
					value: { kind: 'cluster', name: c.name! },
				};
			}),
	);
	const items = computes.then((clusters) => {
		const all: Item<ComputeSpec | undefined>[] = [...clusters, { label: 'Serverless', description: 'Azure ML provisions the nodes for this job', value: undefined }];
		const lastName = last?.kind === 'cluster' ? last.name : 'Serverless';
		return all.sort((a, b) => Number(b.label === lastName) - Number(a.label === lastName));
	});
	const chosen = (await prompt.quickPick(items, { title, placeHolder: 'Compute cluster (state, size) or serverless' })).value;
	if (chosen) {
		return chosen;
	}
	const instanceType = await prompt.inputBox({
		title,
		prompt: 'VM size of each serverless node',
		value: last?.kind === 'serverless' ? (last.instanceType ?? 'Standard_DS3_v2') : 'Standard_DS3_v2',
		validateInput: (text) => (/^[A-Za-z0-9_]+$/.test(text.trim()) ? undefined : 'A VM size such as Standard_DS3_v2.'),
	});
	return { kind: 'serverless', instanceType: instanceType.trim() };
}

async function askDistribution(prompt: Prompter, instanceCount: number, last: DistributionSpec | undefined, title: string): Promise<DistributionSpec | undefined> {
	const items: Item<DistributionSpec['type'] | undefined>[] = [
		{ label: 'PyTorch', description: 'torch.distributed: one process per GPU', value: 'pytorch' },
		{ label: 'MPI', description: 'Horovod or DeepSpeed', value: 'mpi' },
		{ label: 'TensorFlow', description: 'tf.distribute workers', value: 'tensorflow' },
		{ label: 'None', description: 'the script starts its own processes', value: undefined },
	];
	items.sort((a, b) => Number(b.value === last?.type) - Number(a.value === last?.type));
	const type = (await prompt.quickPick(items, { title, placeHolder: `How the ${instanceCount} nodes work together` })).value;
	if (type === 'tensorflow') {
		return { type, workerCount: instanceCount, parameterServerCount: 0 };
	}
	if (!type) {
		return undefined;
	}
	const processes = await prompt.inputBox({
		title,
		prompt: 'Processes per node (usually one per GPU)',
		value: String(last && last.type !== 'tensorflow' ? last.processCountPerInstance : 1),
		validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 ? undefined : 'Give a whole number of at least 1.'),
	});
	return { type, processCountPerInstance: Number(processes) };
}

export async function askEnvironment(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, folder: string, last: EnvironmentSpec | undefined, title: string): Promise<EnvironmentSpec> {
	const files = await azure.findEnvironmentFiles(folder);
	const items: Item<EnvironmentSpec | 'registered'>[] = [
		...files.map((file) => ({
			label: `Build from ${path.basename(file)}`,
			description: 'registered once, reused while the file is unchanged',
			value: { kind: 'build' as const, image: baseImage, conda: azure.condaSourceFor(file) },
		})),
		{ label: 'Registered or curated environment…', description: `in ${workspace.ref.workspace}`, value: 'registered' },
	];
	if (last?.kind === 'reference') {
		items.unshift({ label: last.id, description: 'last used', value: last });
	}
	const lastLabel = last?.kind === 'build' && last.conda.from !== 'inline' ? `Build from ${path.basename(last.conda.path)}` : last?.kind === 'reference' ? last.id : undefined;
	items.sort((a, b) => Number(b.label === lastLabel) - Number(a.label === lastLabel));
	const chosen = (await prompt.quickPick(items, { title, placeHolder: 'Environment the job runs in' })).value;
	if (chosen !== 'registered') {
		return chosen;
	}
	const registered = azure.listEnvironments(workspace).then((page) =>
		page.items.map((e): Item<string> => ({ label: e.name ?? '', description: e.properties.latestVersion ? `latest ${e.properties.latestVersion}` : undefined, value: `azureml:${e.name ?? ''}@latest` })),
	);
	const picked = await prompt.quickPick(
		registered.then((list) => [...list, { label: 'Enter a reference…', description: 'e.g. azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33', value: '' }]),
		{ title, placeHolder: 'Environment (its latest version)' },
	);
	const id = picked.value || (await prompt.inputBox({ title, prompt: 'Environment reference', placeHolder: 'azureml:<name>:<version> or azureml:<name>@latest' }));
	return { kind: 'reference', id: id.trim() };
}

type InputKind = 'done' | 'local' | 'asset' | 'datastore';

async function askInputs(prompt: Prompter, azure: AzureModule, workspace: AzureWorkspace, folder: string, title: (step: string) => string): Promise<Record<string, JobInputSpec>> {
	const inputs: Record<string, JobInputSpec> = {};
	for (;;) {
		const count = Object.keys(inputs).length;
		const kind = (
			await prompt.quickPick<Item<InputKind>>(
				[
					{ label: count ? 'No more inputs' : 'No inputs', value: 'done' },
					{ label: 'Local folder…', description: 'uploaded to the default datastore, mounted read-only', value: 'local' },
					{ label: 'Data asset…', description: `registered in ${workspace.ref.workspace}`, value: 'asset' },
					{ label: 'Datastore path…', description: 'azureml://datastores/<datastore>/paths/<path>', value: 'datastore' },
				],
				{ title: title('inputs'), placeHolder: count ? `Inputs so far: ${Object.keys(inputs).join(', ')}` : 'Data the job reads, as ${{inputs.<name>}}' },
			)
		).value;
		if (kind === 'done') {
			return inputs;
		}
		let input: JobInputSpec;
		let suggested: string;
		if (kind === 'local') {
			const relative = await prompt.inputBox({
				title: title('input folder'),
				prompt: `Folder to upload, relative to ${path.basename(folder)}/ or absolute`,
				placeHolder: 'data',
				validateInput: async (text) => ((await stat(path.resolve(folder, text.trim())).catch(() => undefined))?.isDirectory() ? undefined : `${text} is not a folder.`),
			});
			const absolute = path.resolve(folder, relative.trim());
			input = { kind: 'localFolder', path: absolute, mode: 'ro_mount' };
			suggested = path.basename(absolute);
		} else if (kind === 'asset') {
			const assets = azure.listDataAssets(workspace).then((page) =>
				page.items.map((a): Item<string> => ({ label: a.name ?? '', description: a.properties.latestVersion ? `latest ${a.properties.latestVersion}` : undefined, value: `azureml:${a.name ?? ''}:${a.properties.latestVersion ?? '1'}` })),
			);
			const asset = await prompt.quickPick(assets, { title: title('data asset'), placeHolder: 'Data asset (its latest version)' });
			input = { kind: 'dataAsset', ref: asset.value, type: 'uri_folder', mode: 'ro_mount' };
			suggested = asset.label;
		} else {
			const uri = await prompt.inputBox({
				title: title('datastore path'),
				prompt: 'Folder on a datastore',
				value: 'azureml://datastores/workspaceblobstore/paths/',
				validateInput: (text) => (/^azureml:\/\/datastores\/[^/]+\/paths\/.+/.test(text.trim()) ? undefined : 'Use azureml://datastores/<datastore>/paths/<folder>/.'),
			});
			input = { kind: 'uri', uri: uri.trim(), type: 'uri_folder', mode: 'ro_mount' };
			suggested = uri.trim().replace(/\/+$/, '').split('/').pop() ?? 'data';
		}
		const inputName = await prompt.inputBox({
			title: title('input name'),
			prompt: 'Name the script sees it by, as ${{inputs.<name>}}',
			value: count === 0 ? 'data' : suggested.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(\d)/, '_$1'),
			validateInput: (text) => (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(text) ? 'Use letters, digits and "_", not starting with a digit.' : text in inputs ? `There is already an input named ${text}.` : undefined),
		});
		inputs[inputName] = input;
	}
}
