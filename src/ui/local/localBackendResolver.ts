import * as path from 'node:path';
import type { LocalBackend } from '../../core/backends/local/localBackend';
import { registerBackendResolver } from '../webviews/metrics/backendResolvers';
import type { LocalWorkspace } from './LocalWorkspace';

/**
 * Lets a metrics panel restored after a window reload find its local runs again: the panel saved
 * the store folder (LocalBackend.workspaceId) and gets the backend of that folder back.
 */
export function registerLocalBackendResolver(local: LocalWorkspace): { dispose(): void } {
	return registerBackendResolver('local', (workspaceId) => localBackendFor(local, workspaceId));
}

/**
 * Only the store this window uses now is served. The saved folder comes from the webview's state,
 * which the host does not trust to name folders to read; and runs of a store the user has since
 * moved away from show as "not available" rather than reappearing from an old setting.
 */
export function localBackendFor(local: Pick<LocalWorkspace, 'backend'>, workspaceId: string): LocalBackend | undefined {
	const backend = local.backend;
	return backend && backend.workspaceId === path.resolve(workspaceId) ? backend : undefined;
}
