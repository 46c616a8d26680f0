import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { RunNode } from '../../../src/ui/tree/RunNode';
import { localTarget, withAnswers } from './prompts';
import type { Answer } from './scriptedPrompter';

/** The run nodes the tree shows under Local → `experiment` (none while it has no runs). */
export async function localRunNodes(api: ExtensionApi, experiment: string): Promise<RunNode[]> {
	const { tree } = api.services;
	const local = (await tree.getChildren())[0];
	const experimentNode = (await tree.getChildren(local)).find((n) => n.getTreeItem().label === experiment);
	return experimentNode ? ((await tree.getChildren(experimentNode)) as RunNode[]) : [];
}

/**
 * Runs Submit Script as Job on a file to Local as a user would, typing the arguments when asked
 * (and agreeing to them when they are shown back, e.g. with quotes: `thenAnswers`).
 */
export async function submitToLocal(api: ExtensionApi, script: vscode.Uri, args: string, experiment: string, thenAnswers: Answer[] = []): Promise<void> {
	await api.services.context.workspaceState.update(`azuremlExplorer.submit:${script.fsPath}`, { args: [], experiment });
	await withAnswers(api, [...localTarget(api), { inputBox: args }, ...thenAnswers], () => vscode.commands.executeCommand(CommandId.SubmitScript, script));
}
