import type { RunBackend } from '../backends/types';

/**
 * A run's key across views: kind, workspace and run id, so jobs of the same name in two workspaces
 * stay apart and a refreshed node (a new object for the same run) finds what the old one started.
 * A backend without a workspace id is told apart by identity.
 */
export class RunKeys {
	private readonly backendIds = new WeakMap<RunBackend, number>();
	private backendCount = 0;

	keyOf(backend: RunBackend, runId: string): string {
		let workspace = backend.workspaceId;
		if (workspace === undefined) {
			let id = this.backendIds.get(backend);
			if (id === undefined) {
				id = ++this.backendCount;
				this.backendIds.set(backend, id);
			}
			workspace = `#${id}`;
		}
		return `${backend.kind}:${workspace}:${runId}`;
	}
}
