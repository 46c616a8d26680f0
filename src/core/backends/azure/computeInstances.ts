import { armRawLro } from '../../azure/armRaw';
import type { AzureWorkspace } from './AzureWorkspace';
import type { InstanceAction } from './instanceStates';

// Start, Stop and Restart of compute instances: `POST .../computes/{name}/start|stop|restart` of
// api-version 2022-10-01 (the spec's Compute_Start/Stop/Restart: 202, no body, a long-running
// operation), sent raw so the tree can show the instance's state at every poll.

export interface InstanceActionOptions {
	readonly signal?: AbortSignal;
	/** The service took the request: the instance now shows its transition state. */
	readonly onAccepted?: () => void;
	readonly onPoll?: (status: string) => void;
}

/** Starts, stops or restarts a compute instance and waits until the service says it is done. */
export function runInstanceAction(workspace: AzureWorkspace, compute: string, action: InstanceAction, options: InstanceActionOptions = {}): Promise<void> {
	return armRawLro(workspace.connection, `${workspace.armId}/computes/${encodeURIComponent(compute)}/${action}`, '2022-10-01', `${action} compute instance "${compute}" in ${workspace.label}`, {
		method: 'POST',
		...options,
	});
}
