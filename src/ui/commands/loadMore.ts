import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

interface PagedNode extends TreeNode {
	loadMore(): Promise<void>;
}

/** "Load more…": fetches exactly one more page of the folder it was clicked in. */
export async function loadMore(services: Services, node?: TreeNode): Promise<void> {
	const paged = node as Partial<PagedNode> | undefined;
	if (typeof paged?.loadMore !== 'function') {
		return;
	}
	await paged.loadMore();
	services.tree.redraw(node);
}
