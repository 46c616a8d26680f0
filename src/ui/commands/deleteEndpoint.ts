import { azureModule } from '../azure/azureModule';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import type { TreeNode } from '../tree/TreeNode';
import { endpointTargetOf } from './endpointTarget';

/** Deletes an online endpoint and all its deployments, once the user has typed its name. */
export async function deleteEndpoint(services: Services, node?: TreeNode): Promise<boolean> {
	const { workspace, endpoint } = endpointTargetOf(node, 'Delete Endpoint');
	const typed = await services.prompt.inputBox({
		title: `Delete Endpoint "${endpoint}"`,
		prompt: `This deletes the endpoint, its deployments and its scoring URI. Type "${endpoint}" to confirm.`,
		validateInput: (value) => (value === '' || value === endpoint ? undefined : `Type the endpoint's name, "${endpoint}", exactly.`),
	});
	if (typed !== endpoint) {
		return false;
	}
	const azure = await azureModule();
	const folder = node?.getParent?.();
	await withCancellableProgress(`Deleting endpoint "${endpoint}"…`, (signal) =>
		azure.deleteOnlineEndpoint(workspace, endpoint, { signal, onAccepted: () => services.tree.refresh(folder) }),
	);
	services.tree.refresh(folder);
	return true;
}
