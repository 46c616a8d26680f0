import * as path from 'node:path';
import * as vscode from 'vscode';
import { listLocalDataAssets } from '../../core/backends/local/localDataAssets';
import type { CommandJobSpec } from '../../core/jobs/commandJobSpec';
import { findOutsideLinks } from '../../core/jobs/localChecks';
import { localJobOfSpec } from '../../core/jobs/localJobOfSpec';
import { outsideLinksMessage } from '../../core/snapshot/preflight';
import { afterSubmit } from '../commands/afterSubmit';
import { extensionLog } from '../extensionLog';
import { pythonFor } from '../local/pythonInterpreter';
import { requireTrustToRunCode } from '../local/workspaceTrust';
import type { Services } from '../services';
import { revealLocalRun } from '../tree/local/revealLocalRun';

/**
 * A job YAML run on Local: its script with its arguments, its `azureml:<name>:<version>` inputs
 * taken from the local data assets and its local paths read where they are (run_local.py --input).
 */
export async function submitJobYamlToLocal(services: Services, spec: CommandJobSpec, fileName: string): Promise<void> {
	requireTrustToRunCode(vscode.workspace.isTrusted, 'Submitting to Local');
	const backend = services.local.backend;
	if (!backend) {
		throw new Error('Open a folder first: local runs are stored in it (setting azuremlExplorer.local.store).');
	}
	let plan;
	try {
		plan = localJobOfSpec(spec, await listLocalDataAssets(backend.store));
	} catch (error) {
		throw new Error(`${fileName}: ${(error as Error).message}`, { cause: error });
	}
	const outside = await findOutsideLinks(plan.source);
	const includeOutsideLinks = outside.length > 0 && (await services.prompt.confirm(outsideLinksMessage(outside), 'Include Them'));
	// A missing input folder is refused by the harness before the run exists, with the folder named.
	const run = await services.local.runner.submit({
		python: await pythonFor(vscode.Uri.file(path.join(plan.source, plan.script))),
		harness: services.local.harness,
		store: backend.store,
		experiment: spec.experimentName,
		displayName: spec.displayName,
		source: plan.source,
		script: plan.script,
		args: plan.args,
		includeOutsideLinks,
		inputs: plan.inputs,
	});
	extensionLog.info(`${fileName} runs on Local as ${run.runId} (its ${plan.ignored.join(' and ')} are for workspaces: Local uses this machine's Python).`);
	await revealLocalRun(services, spec.experimentName, run.runId);
	afterSubmit({ backend, runId: run.runId, label: fileName });
}
