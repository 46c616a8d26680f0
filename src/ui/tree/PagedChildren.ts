import { LoadMoreNode } from './messageNodes';
import type { TreeNode } from './TreeNode';

export interface NodePage {
	readonly nodes: TreeNode[];
	readonly nextPageToken?: string;
}

/**
 * The children of a paged folder: the first page on first expand, one more page per "Load more…",
 * never all pages at once. VS Code asks for children again whenever the folder is redrawn, so
 * pages already fetched are kept until the user refreshes.
 */
export class PagedChildren {
	private nodes: TreeNode[] = [];
	private nextPageToken: string | undefined;
	private loaded = false;
	private pending: Promise<void> | undefined;

	constructor(private readonly fetchPage: (pageToken: string | undefined) => Promise<NodePage>) {}

	async children(owner: TreeNode, loadMoreCommand: string): Promise<TreeNode[]> {
		if (!this.loaded) {
			await this.loadMore();
		}
		return this.nextPageToken ? [...this.nodes, new LoadMoreNode(owner, loadMoreCommand)] : [...this.nodes];
	}

	get hasMore(): boolean {
		return this.nextPageToken !== undefined;
	}

	/** Fetches the next page; concurrent calls share one request. */
	loadMore(): Promise<void> {
		this.pending ??= this.fetchPage(this.loaded ? this.nextPageToken : undefined)
			.then((page) => {
				this.nodes.push(...page.nodes);
				this.nextPageToken = page.nextPageToken;
				this.loaded = true;
			})
			.finally(() => (this.pending = undefined));
		return this.pending;
	}

	/** Forget the pages: the next expand starts again from the first page. */
	reset(): void {
		this.nodes = [];
		this.nextPageToken = undefined;
		this.loaded = false;
	}
}
