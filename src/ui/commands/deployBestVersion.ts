import { bestVersion } from '../../core/models/versionSort';
import type { LocalEndpoint } from '../local/LocalEndpoints';
import { pickVersionSort } from '../models/pickVersionSort';
import { localSortKey } from '../models/versionSorts';
import type { Services } from '../services';
import { LocalModelNode } from '../tree/local/LocalModelNodes';
import { deployLocal } from './deployLocal';

/** Deploys a Local model's top version by its sort (asked for when none is chosen yet) to a Local endpoint. */
export async function deployBestVersion(services: Services, node?: unknown): Promise<LocalEndpoint> {
	if (!(node instanceof LocalModelNode)) {
		throw new Error('Choose a model under Local › Models in the Azure ML view to deploy its best version.');
	}
	const versions = (await node.versions()).map((v) => ({ ...v, properties: v.tags }));
	if (versions.length === 0) {
		throw new Error(`Model ${node.name} has no versions.`);
	}
	const sort = node.sort ?? (await pickVersionSort(services, node.name, localSortKey(node.name), versions, { newest: true }));
	services.tree.refresh(node);
	const best = sort ? bestVersion(versions, sort) : versions[0];
	if (!best) {
		throw new Error(`No version of ${node.name} has a numeric ${sort?.property ?? ''} to pick the best by: sort by another property.`);
	}
	return deployLocal(services, best);
}
