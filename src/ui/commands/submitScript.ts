import * as path from 'node:path';
import * as vscode from 'vscode';
import { localDataReference, localInputFolders } from '../../core/backends/local/localDataAssets';
import { findOutsideLinks } from '../../core/jobs/localChecks';
import { outsideLinksMessage } from '../../core/snapshot/preflight';
import { defaultExperimentName } from '../../core/jobs/names';
import { pythonFor } from '../local/pythonInterpreter';
import { requireTrustToRunCode } from '../local/workspaceTrust';
import type { Services } from '../services';
import { askLocalInputs } from '../submit/askLocalInputs';
import { askScriptArguments } from '../submit/askScriptArguments';
import { pickTarget } from '../submit/pickTarget';
import { submitScriptToAzure, type RememberedScriptSubmit as RememberedSubmit } from '../submit/submitScriptToAzure';
import { revealLocalRun } from '../tree/local/revealLocalRun';
import { afterSubmit } from './afterSubmit';

/**
 * "Submit Script as Job" on a .py file (explorer, editor title or context menu, or the palette
 * with the active editor): runs it on Local or an Azure ML workspace with the settings the user
 * gives, remembered per script, and shows the run in the tree at once.
 */
export async function submitScript(services: Services, uri?: vscode.Uri): Promise<void> {
	const script = await scriptToSubmit(uri);
	const memoryKey = `azuremlExplorer.submit:${script.fsPath}`;
	const remembered = services.context.workspaceState.get<RememberedSubmit>(memoryKey);
	const experiment = remembered?.experiment ?? defaultExperimentName(path.basename(path.dirname(script.fsPath)));
	// Local or an Azure ML workspace (asked only when signed in to Azure), the last choice first.
	const target = await pickTarget(services, path.basename(script.fsPath), remembered?.target);
	if (target.kind === 'azure') {
		await submitScriptToAzure(services, script.fsPath, target, memoryKey, remembered, experiment);
		return;
	}
	requireTrustToRunCode(vscode.workspace.isTrusted, 'Submitting to Local');
	const backend = services.local.backend;
	if (!backend) {
		throw new Error('Open a folder first: local runs are stored in it (setting azuremlExplorer.local.store).');
	}
	const title = `Submit ${path.basename(script.fsPath)} to Local`;
	const inputs = await askLocalInputs(services.prompt, backend.store, title, remembered?.localInputs);
	const inputNames = Object.keys(inputs).map((name) => `\${{inputs.${name}}}`);
	const args = await askScriptArguments(services.prompt, {
		title,
		prompt: `Arguments for ${path.basename(script.fsPath)} (experiment "${experiment}"${inputNames.length ? `; inputs: ${inputNames.join(', ')}` : ''}); leave empty for none`,
		value: remembered?.args ?? [],
		placeHolder: inputNames.length ? `e.g. --data ${inputNames[0]} --epochs 5` : 'e.g. --epochs 5 --learning-rate 0.01',
	});
	const localInputs = Object.values(inputs).map(localDataReference);
	await services.context.workspaceState.update(memoryKey, { args, experiment, target: 'local', localInputs } satisfies RememberedSubmit);
	// A folder moved or deleted since it was registered stops the submit here, named, not inside the script.
	const inputFolders = await localInputFolders(inputs);

	const source = path.dirname(script.fsPath);
	// As for Azure: nothing from outside the folder goes into the snapshot unless the user agrees.
	const outside = await findOutsideLinks(source);
	const includeOutsideLinks = outside.length > 0 && (await services.prompt.confirm(outsideLinksMessage(outside), 'Include Them'));
	const run = await services.local.runner.submit({
		python: await pythonFor(script),
		harness: services.local.harness,
		store: backend.store,
		experiment,
		source,
		script: path.basename(script.fsPath),
		args,
		includeOutsideLinks,
		inputs: inputFolders,
	});
	await revealLocalRun(services, experiment, run.runId);
	afterSubmit({ backend, runId: run.runId, label: path.basename(script.fsPath) });
}

async function scriptToSubmit(uri: vscode.Uri | undefined): Promise<vscode.Uri> {
	const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
	if (!target || target.scheme !== 'file' || path.extname(target.fsPath).toLowerCase() !== '.py') {
		throw new Error('Open or right-click a Python (.py) file to submit it as a job.');
	}
	// Run what the user sees: unsaved edits would otherwise be left out of the snapshot.
	const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
	if (open?.isDirty && !(await open.save())) {
		throw new Error(`Could not save ${path.basename(target.fsPath)} before submitting it.`);
	}
	return target;
}
