import type * as vscode from 'vscode';
import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { endpointTargetOf } from './endpointTarget';
import { showReadOnly } from './responseDocuments';

/** Opens the last lines of a deployment's inference-server container (init() output, tracebacks), read-only. */
export async function showDeploymentLogs(services: Services, node?: unknown): Promise<vscode.TextDocument> {
	const { workspace, endpoint, deployment } = endpointTargetOf(node, 'Show Deployment Logs');
	const azure = await azureModule();
	const name =
		deployment ??
		(
			await services.prompt.quickPick(
				azure.listDeployments(workspace, endpoint).then((page) => page.items.map((d) => ({ label: d.name ?? '', description: d.properties.provisioningState }))),
				{ title: `Show Deployment Logs: which deployment of "${endpoint}"` },
			)
		).label;
	const logs = await azure.getDeploymentLogs(workspace, endpoint, name);
	return showDeploymentLogText(endpoint, name, logs);
}

export function showDeploymentLogText(endpoint: string, deployment: string, logs: string): Promise<vscode.TextDocument> {
	return showReadOnly(`${endpoint}-${deployment}-logs`, 'log', logs.trim() ? `${logs.trimEnd()}\n` : `(deployment "${deployment}" of "${endpoint}" has written no log lines yet)\n`);
}
