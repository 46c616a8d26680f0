import type { AzureWorkspace } from '../../../core/backends/azure/AzureWorkspace';
import { isWorkspaceNode } from '../../submit/pickTarget';
import type { TreeNode } from '../TreeNode';

/** The workspace a node (a folder, a resource) belongs to (the nearest workspace node above it). */
export function workspaceOfNode(node: TreeNode | undefined): AzureWorkspace | undefined {
	for (let current = node; current; current = current.getParent?.()) {
		if (isWorkspaceNode(current)) {
			return current.workspace;
		}
	}
	return undefined;
}

