import type { DeployResult } from '../../core/endpoints/deployToAzure';
import { bestVersion, type VersionProperties, type VersionSort } from '../../core/models/versionSort';
import type { LocalEndpoint } from '../local/LocalEndpoints';
import { pickVersionSort } from '../models/pickVersionSort';
import { localSortKey } from '../models/versionSorts';
import type { Services } from '../services';
import { AzureModelNode, AzureModelVersionNode, shownProperties } from '../tree/azure/modelFolder';
import { LocalModelNode } from '../tree/local/LocalModelNodes';
import type { TreeNode } from '../tree/TreeNode';
import { deployLocal } from './deployLocal';
import { deployToAzure } from './deployToAzure';

/**
 * Deploys a model's top version by its sort (asked for when none is chosen yet): a Local model to a
 * Local endpoint, an Azure model through Deploy… with that version.
 */
export async function deployBestVersion(services: Services, node?: unknown): Promise<LocalEndpoint | DeployResult> {
	if (node instanceof LocalModelNode) {
		const versions = (await node.versions()).map((v) => ({ ...v, properties: v.tags }));
		return deployLocal(services, await chooseBest(services, node, node.name, localSortKey(node.name), node.sort, versions));
	}
	if (node instanceof AzureModelNode) {
		const name = node.resource.name;
		const versions = (await node.allVersions()).map((v) => ({ version: v.name ?? '', properties: Object.fromEntries(shownProperties(v)), model: v }));
		const best = await chooseBest(services, node, name, node.sortKey, node.sort, versions);
		return deployToAzure(services, new AzureModelVersionNode(node, node.workspace, name, best.model));
	}
	throw new Error('Choose a model under Models in the Azure ML view to deploy its best version.');
}

async function chooseBest<T extends VersionProperties>(services: Services, node: TreeNode, model: string, sortKey: string, chosen: VersionSort | undefined, versions: readonly T[]): Promise<T> {
	if (versions.length === 0) {
		throw new Error(`Model ${model} has no versions.`);
	}
	const sort = chosen ?? (await pickVersionSort(services, model, sortKey, versions, { newest: true }));
	services.tree.refresh(node);
	const best = sort ? bestVersion(versions, sort) : versions[0];
	if (!best) {
		throw new Error(`No version of ${model} has a numeric ${sort?.property ?? ''} to pick the best by: sort by another property.`);
	}
	return best;
}
