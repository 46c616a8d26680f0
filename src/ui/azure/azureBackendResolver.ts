import type { RunBackend } from '../../core/backends/types';
import { extensionLog } from '../extensionLog';
import { registerBackendResolver } from '../webviews/metrics/backendResolvers';
import type { AzureSession } from './AzureSession';

/**
 * Lets a restored metrics panel find an Azure job's backend again from the ARM workspace id it
 * stored. Never asks the user to sign in: signed out, the panel says the workspace is unavailable.
 */
export function registerAzureBackendResolver(session: AzureSession): { dispose(): void } {
	return registerBackendResolver('azure', async (workspaceId): Promise<RunBackend | undefined> => {
		try {
			const connection = await session.silentConnection();
			return connection ? (await session.workspace(workspaceId, connection)).backend : undefined;
		} catch (error) {
			extensionLog.warn(`Could not reopen Azure workspace ${workspaceId}: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
	});
}
