import type { Services } from '../services';
import type { TreeNode } from './TreeNode';

/**
 * Selects a node the tree has only just listed (a run or job just submitted). The workbench may
 * still hold its parent's children from before it existed, since a refresh reaches the view
 * asynchronously (later on a busy machine), and then refuses the reveal: refresh the parent, which
 * the next reveal waits for, find the node again and try once more.
 */
export async function revealNew(services: Services, node: TreeNode, parent: TreeNode, findAgain: () => Promise<TreeNode | undefined> = () => Promise.resolve(node)): Promise<void> {
	try {
		await select(services, node);
	} catch {
		services.tree.refresh(parent);
		await select(services, (await findAgain()) ?? node);
	}
}

async function select(services: Services, node: TreeNode): Promise<void> {
	await services.treeView.reveal(node, { select: true, focus: false, expand: false });
}
