import type { VersionSort } from '../../core/models/versionSort';
import { pickVersionSort } from '../models/pickVersionSort';
import { localSortKey } from '../models/versionSorts';
import type { Services } from '../services';
import { AzureModelNode, shownProperties } from '../tree/azure/modelFolder';
import { LocalModelNode } from '../tree/local/LocalModelNodes';

/**
 * Orders a model's versions in the tree by a numeric property (a metric registered with them),
 * highest or lowest first, or back to newest first; remembered per model in the workspace.
 */
export async function sortModelVersions(services: Services, node?: unknown): Promise<VersionSort | undefined> {
	if (node instanceof LocalModelNode) {
		const versions = (await node.versions()).map((v) => ({ version: v.version, properties: v.tags }));
		const sort = await pickVersionSort(services, node.name, localSortKey(node.name), versions, { newest: true });
		services.tree.refresh(node);
		return sort;
	}
	if (node instanceof AzureModelNode) {
		const versions = (await node.allVersions()).map((v) => ({ version: v.name ?? '', properties: Object.fromEntries(shownProperties(v)) }));
		const sort = await pickVersionSort(services, node.resource.name, node.sortKey, versions, { newest: true });
		services.tree.refresh(node);
		return sort;
	}
	throw new Error('Choose a model under Models in the Azure ML view to sort its versions.');
}
