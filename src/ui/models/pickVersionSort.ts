import { describeSort, numericProperties, type VersionProperties, type VersionSort } from '../../core/models/versionSort';
import type { Services } from '../services';
import { setVersionSort, versionSortOf } from './versionSorts';

const newestFirst = 'Newest first (no sort)';

/**
 * Asks which numeric property to order a model's versions by, highest or lowest first (the one
 * remembered for the model offered first), and remembers the answer. `newest` adds the choice of
 * no sort. Undefined when the versions hold no numeric property, or newest first was chosen.
 */
export async function pickVersionSort(
	services: Services,
	model: string,
	key: string,
	versions: readonly VersionProperties[],
	options: { newest?: boolean } = {},
): Promise<VersionSort | undefined> {
	const properties = numericProperties(versions);
	if (properties.length === 0) {
		if (options.newest) {
			throw new Error(`The versions of ${model} have no numeric properties to sort by: register versions with metrics.`);
		}
		return undefined;
	}
	const remembered = versionSortOf(key);
	const items: { label: string; sort: VersionSort | undefined }[] = properties.flatMap((property) =>
		(['highest', 'lowest'] as const).map((direction) => ({ label: describeSort({ property, direction }), sort: { property, direction } })),
	);
	if (options.newest) {
		items.push({ label: newestFirst, sort: undefined });
	}
	const current = remembered && items.find((item) => item.label === describeSort(remembered));
	const picked = await services.prompt.quickPick(current ? [current, ...items.filter((item) => item !== current)] : items, { title: `Sort the versions of ${model} by` });
	await setVersionSort(key, picked.sort);
	return picked.sort;
}
