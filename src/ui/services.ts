import type * as vscode from 'vscode';
import type { AzureSession } from './azure/AzureSession';
import type { LocalEndpoints } from './local/LocalEndpoints';
import type { LocalWorkspace } from './local/LocalWorkspace';
import type { Prompter } from './prompter';
import type { LocalWorkspaceNode } from './tree/local/LocalWorkspaceNode';
import type { TensorBoardSessions } from './tensorboard/TensorBoardSessions';
import type { ResourceTreeProvider } from './tree/ResourceTreeProvider';
import type { TreeNode } from './tree/TreeNode';

/** What commands work with, created once in activate(). */
export interface Services {
	readonly context: vscode.ExtensionContext;
	readonly tree: ResourceTreeProvider;
	readonly treeView: vscode.TreeView<TreeNode>;
	readonly local: LocalWorkspace;
	/** The Azure sign-in and connection; workspaces and their run backends come from it. */
	readonly azure: AzureSession;
	readonly localNode: LocalWorkspaceNode;
	/** Local endpoints this window started (python/serve_local.py servers). */
	readonly localEndpoints: LocalEndpoints;
	/** Whether TensorBoard is available, and the TensorBoards this window started. */
	readonly tensorBoard: TensorBoardSessions;
	/** Replaceable so integration tests can answer prompts. */
	prompt: Prompter;
}
