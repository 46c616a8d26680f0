import { PagedList } from '../../core/paging';
import { LoadMoreNode } from './messageNodes';
import type { TreeNode } from './TreeNode';

export interface NodePage {
	readonly nodes: TreeNode[];
	readonly nextPageToken?: string;
}

/**
 * The children of a paged folder (see PagedList): VS Code asks for children again whenever the
 * folder is redrawn, so pages already fetched are kept until the user refreshes; while there are
 * more, the last child is "Load more…".
 */
export class PagedChildren {
	private readonly pages: PagedList<TreeNode>;

	constructor(fetchPage: (pageToken: string | undefined) => Promise<NodePage>) {
		this.pages = new PagedList(async (token) => {
			const page = await fetchPage(token);
			return { items: page.nodes, nextPageToken: page.nextPageToken };
		});
	}

	async children(owner: TreeNode, loadMoreCommand: string): Promise<TreeNode[]> {
		await this.pages.ensureLoaded();
		const nodes = [...this.pages.fetched];
		return this.pages.hasMore ? [...nodes, new LoadMoreNode(owner, loadMoreCommand)] : nodes;
	}

	/** Fetches the next page; concurrent calls share one request. */
	loadMore(): Promise<void> {
		return this.pages.loadMore();
	}

	/** Forget the pages: the next expand starts again from the first page. */
	reset(): void {
		this.pages.reset();
	}
}
