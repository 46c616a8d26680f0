import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import type { TreeNode } from '../tree/TreeNode';
import { endpointsFolderOf } from '../tree/azure/onlineEndpointTarget';
import { endpointTargetOf } from './endpointTarget';

/** Deletes a deployment that receives no traffic, after a modal confirmation that names it. */
export async function deleteDeployment(services: Services, node?: TreeNode): Promise<boolean> {
	const { workspace, endpoint, deployment } = endpointTargetOf(node, 'Delete Deployment');
	if (!deployment) {
		throw new Error('Delete Deployment works on a deployment: expand the endpoint and right-click one of its deployments.');
	}
	const azure = await azureModule();
	const share = (await azure.getOnlineEndpoint(workspace, endpoint)).properties.traffic?.[deployment] ?? 0;
	if (share > 0) {
		throw new Error(`Deployment "${deployment}" still receives ${share}% of the traffic of "${endpoint}": move it to other deployments first (Update Traffic…).`);
	}
	if (!(await services.prompt.confirm(`Delete deployment "${deployment}" of endpoint "${endpoint}"?`, 'Delete', 'Its instances are released. This cannot be undone.'))) {
		return false;
	}
	await withCancellableProgress(`Deleting deployment "${deployment}"…`, (signal) => azure.deleteDeployment(workspace, endpoint, deployment, { signal }));
	services.tree.refresh(endpointsFolderOf(node));
	return true;
}
