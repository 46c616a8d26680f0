import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/** Reloads a node's children from the service, or the whole view from its title bar. */
export function refresh(services: Services, node?: TreeNode): void {
	services.tree.refresh(node);
}
