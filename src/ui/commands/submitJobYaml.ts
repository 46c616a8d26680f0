import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { workspacesInTree, type WorkspaceTarget } from '../submit/pickTarget';
import { submitJobYamlToLocal } from '../submit/submitJobYamlToLocal';
import { runAzureSubmit } from '../submit/runAzureSubmit';

/**
 * "Azure ML: Submit Job YAML": submits a CLI command-job file (`az ml job create -f` format) to a
 * workspace of the tree, so a CLI user's files run here unchanged and ours run there, or to Local.
 */
export async function submitJobYaml(services: Services, uri?: vscode.Uri): Promise<void> {
	const file = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
	if (!file || file.scheme !== 'file' || !/\.ya?ml$/i.test(file.fsPath)) {
		throw new Error('Open or right-click a job YAML file (.yml or .yaml) to submit it.');
	}
	const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
	if (open?.isDirty && !(await open.save())) {
		throw new Error(`Could not save ${path.basename(file.fsPath)} before submitting it.`);
	}
	const azure = await azureModule();
	// Read and checked before any workspace is asked for: a broken file costs no request.
	const spec = azure.commandJobFromYaml(await readFile(file.fsPath, 'utf8'), file.fsPath);
	const problems = azure.specProblems(spec);
	if (problems.length > 0) {
		throw new Error(`${path.basename(file.fsPath)}: ${problems.join(' ')}`);
	}
	const workspaces = await workspacesInTree(services);
	type Target = { kind: 'local' } | { kind: 'signIn' } | { kind: 'azure'; target: WorkspaceTarget };
	const items: (vscode.QuickPickItem & { target: Target })[] = [
		...workspaces.map((w) => ({ label: w.workspace.ref.workspace, description: w.workspace.ref.resourceGroup, target: { kind: 'azure' as const, target: w } })),
		{ label: 'Local', description: 'this machine: the script with its inputs, in your Python', target: { kind: 'local' } },
		...(services.azure.isSignedIn ? [] : [{ label: 'Sign in to submit to a workspace…', target: { kind: 'signIn' as const } }]),
	];
	const picked = (await services.prompt.quickPick(items, { title: `Submit ${path.basename(file.fsPath)} to…` })).target;
	if (picked.kind === 'local') {
		await submitJobYamlToLocal(services, spec, path.basename(file.fsPath));
		return;
	}
	let target = picked.kind === 'azure' ? picked.target : undefined;
	if (!target) {
		await services.azure.signIn();
		const signedIn = await workspacesInTree(services);
		if (signedIn.length === 0) {
			throw new Error('No Azure ML workspace is shown in the tree: sign in and check the subscription filter.');
		}
		target =
			signedIn.length === 1
				? signedIn[0]
				: (await services.prompt.quickPick(signedIn.map((w) => ({ label: w.workspace.ref.workspace, description: w.workspace.ref.resourceGroup, target: w })), { title: `Submit ${path.basename(file.fsPath)} to…` }))
						.target;
	}
	await runAzureSubmit(services, target, spec, path.basename(file.fsPath));
}
