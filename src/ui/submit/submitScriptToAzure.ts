import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { CommandJobSpec } from '../../core/jobs/commandJobSpec';
import { azureModule } from '../azure/azureModule';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import { askAzureJob } from './askAzureJob';
import type { WorkspaceTarget } from './pickTarget';
import { runAzureSubmit } from './runAzureSubmit';
import { saveJobYamlBeside } from './saveJobYaml';

/** What the submit of a script remembers across targets (the same key Local uses). */
export interface RememberedScriptSubmit {
	args: string[];
	experiment: string;
	/** `local` or a workspace's ARM id: offered first next time. */
	target?: string;
	/** Local's data assets the last Local submit read (`azureml:<name>:<version>`): ticked next time. */
	localInputs?: string[];
}

function specKey(script: string, workspaceId: string): string {
	return `azuremlExplorer.submit.azure:${script}:${workspaceId.toLowerCase()}`;
}

/**
 * A script to an Azure ML workspace: the last settings for this script and workspace in one click
 * ("Submit again with the same settings"), else the prompts; then the upload and job under one
 * progress notification; then, once the job exists, the YAML beside the script (per setting).
 */
export async function submitScriptToAzure(services: Services, script: string, target: WorkspaceTarget, memoryKey: string, remembered: RememberedScriptSubmit | undefined, experiment: string): Promise<void> {
	const azure = await azureModule();
	const name = path.basename(script);
	const state = services.context.workspaceState;
	const lastSpec = state.get<CommandJobSpec>(specKey(script, target.workspace.armId));
	let chosen: { spec: CommandJobSpec; args: string[] } | undefined;
	if (lastSpec) {
		const again = await services.prompt.quickPick<vscode.QuickPickItem & { again: boolean }>(
			[
				{ label: 'Submit again with the same settings', detail: summary(lastSpec), again: true },
				{ label: 'Change settings…', again: false },
			],
			{ title: `Submit ${name} to ${target.workspace.ref.workspace}` },
		);
		if (again.again) {
			chosen = { spec: lastSpec, args: remembered?.args ?? [] };
		}
	}
	chosen ??= await askAzureJob(services.prompt, azure, target.workspace, script, { experiment, args: remembered?.args ?? [], spec: lastSpec });
	await state.update(specKey(script, target.workspace.armId), chosen.spec);
	await state.update(memoryKey, { args: chosen.args, experiment: chosen.spec.experimentName, target: target.workspace.armId } satisfies RememberedScriptSubmit);
	await runAzureSubmit(services, target, chosen.spec, name);
	// Only a job that exists gets its YAML: a failed submit leaves the folder as it was.
	await saveJobYamlBeside(chosen.spec, script).catch((error: unknown) =>
		extensionLog.warn(`Could not save the job YAML beside ${name}: ${error instanceof Error ? error.message : String(error)}`),
	);
}

function summary(spec: CommandJobSpec): string {
	const compute = spec.compute.kind === 'cluster' ? spec.compute.name : `serverless ${spec.compute.instanceType ?? ''}`.trim();
	const env = spec.environment.kind === 'reference' ? spec.environment.id : spec.environment.conda.from === 'inline' ? 'inline conda' : path.basename(spec.environment.conda.path);
	const inputs = Object.keys(spec.inputs);
	return [
		`${compute} × ${spec.instanceCount}${spec.distribution ? ` (${spec.distribution.type})` : ''}`,
		env,
		inputs.length ? `inputs ${inputs.join(', ')}` : undefined,
		`experiment ${spec.experimentName}`,
		spec.command,
	]
		.filter(Boolean)
		.join(' · ');
}
