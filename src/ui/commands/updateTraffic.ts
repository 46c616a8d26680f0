import type { OnlineEndpoint } from '@azure/arm-machinelearning';
import { formatTraffic, parseTraffic } from '../../core/endpoints/traffic';
import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import type { TreeNode } from '../tree/TreeNode';
import { endpointsFolderOf } from '../tree/azure/onlineEndpointTarget';
import { endpointTargetOf } from './endpointTarget';

/** Sets how an endpoint's traffic is split between its deployments (`blue=80, green=20`), followed to the end. */
export async function updateTraffic(services: Services, node?: TreeNode): Promise<OnlineEndpoint> {
	const { workspace, endpoint } = endpointTargetOf(node, 'Update Traffic');
	const azure = await azureModule();
	const [current, deployments] = await Promise.all([azure.getOnlineEndpoint(workspace, endpoint), azure.listDeployments(workspace, endpoint)]);
	const names = deployments.items.map((d) => d.name ?? '').filter(Boolean);
	if (names.length === 0) {
		throw new Error(`Endpoint "${endpoint}" has no deployments to route traffic to: deploy a model first.`);
	}
	const text = await services.prompt.inputBox({
		title: `Update Traffic of "${endpoint}"`,
		prompt: 'Whole percentages per deployment, adding up to 100',
		value: formatTraffic(current.properties.traffic ?? {}, names),
		validateInput: (value) => {
			const parsed = parseTraffic(value, names);
			return typeof parsed === 'string' ? parsed : undefined;
		},
	});
	const traffic = parseTraffic(text, names) as Record<string, number>;
	const updated = await withCancellableProgress(`Routing the traffic of "${endpoint}"…`, (signal, progress) =>
		azure.setEndpointTraffic(workspace, endpoint, traffic, { signal, onPoll: (status) => progress.report({ message: status }) }),
	);
	services.tree.refresh(endpointsFolderOf(node));
	return updated;
}
