// How a metric charts panel finds its runs again after a window reload. The panel stores, per run,
// the backend kind, the backend's workspaceId and the run id (see RunRef in src/protocol/metrics.ts);
// on restore it asks the resolver registered for the kind for the backend of that workspace.
//
// For backend owners: register once, synchronously, in activate() (VS Code restores panels right
// after activation), e.g.
//     context.subscriptions.push(registerBackendResolver('local', (workspaceId) => localBackendFor(workspaceId)));
// Return undefined when the workspace is not available (signed out, store deleted): the panel then
// shows that run as an error and draws the others. A backend must set `workspaceId` for its runs
// to be restorable at all.
import type { RunBackend } from '../../../core/backends/types';

export type BackendResolver = (workspaceId: string) => Promise<RunBackend | undefined> | RunBackend | undefined;

/** Per kind, every registration in order; the newest one answers (a test may stand in for a while). */
const resolvers = new Map<RunBackend['kind'], { readonly resolver: BackendResolver }[]>();

/** Registers the resolver for a backend kind, in front of an earlier one; dispose to remove it (the earlier one answers again). */
export function registerBackendResolver(kind: RunBackend['kind'], resolver: BackendResolver): { dispose(): void } {
	const entry = { resolver };
	const list = resolvers.get(kind) ?? [];
	list.push(entry);
	resolvers.set(kind, list);
	return {
		dispose: () => {
			const index = list.indexOf(entry);
			if (index >= 0) {
				list.splice(index, 1);
			}
		},
	};
}

/** The backend for a stored workspace, or an error saying why there is none. */
export async function resolveBackend(kind: RunBackend['kind'], workspaceId: string): Promise<RunBackend> {
	const resolver = resolvers.get(kind)?.at(-1)?.resolver;
	if (!resolver) {
		throw new Error(`No ${kind === 'azure' ? 'Azure' : 'local'} workspaces are available to reopen this run.`);
	}
	const backend = await resolver(workspaceId);
	if (!backend) {
		throw new Error(`The workspace ${workspaceId} is not available any more.`);
	}
	return backend;
}
