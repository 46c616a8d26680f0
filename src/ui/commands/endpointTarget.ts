import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import { onlineEndpointOf } from '../tree/azure/onlineEndpointTarget';

/** The workspace and endpoint (and deployment) of the endpoint or deployment node a command runs on. */
export function endpointTargetOf(node: unknown, command: string): { workspace: AzureWorkspace; endpoint: string; deployment?: string } {
	const target = onlineEndpointOf(node);
	if (!target?.endpoint) {
		throw new Error(`${command} works on an online endpoint or deployment: right-click one under a workspace's Endpoints in the Azure ML view.`);
	}
	return { workspace: target.workspace, endpoint: target.endpoint, deployment: target.deployment };
}
