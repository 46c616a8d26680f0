// Picking the best model version by a metric stored as a property (`val_accuracy: "0.9871"`). The
// service has no server-side sort by a property value, so versions are sorted here, as numbers.

/** What the sort needs of a model version, Azure's or Local's. */
export interface VersionProperties {
	readonly version: string;
	/** String → string, as the service and the MLflow registry store them. */
	readonly properties: Readonly<Record<string, string | undefined>>;
}

export type SortDirection = 'highest' | 'lowest';

export interface VersionSort {
	readonly property: string;
	readonly direction: SortDirection;
}

/** The property's value as a finite number, or undefined when it is missing or not a number. */
export function numericValue(value: string | undefined): number | undefined {
	if (value === undefined || value.trim() === '') {
		return undefined;
	}
	const number = Number(value.trim());
	return Number.isFinite(number) ? number : undefined;
}

/** Names of the properties that hold a number in at least one version, sorted by name. */
export function numericProperties(versions: readonly VersionProperties[]): string[] {
	const names = new Set<string>();
	for (const version of versions) {
		for (const [name, value] of Object.entries(version.properties)) {
			if (numericValue(value) !== undefined) {
				names.add(name);
			}
		}
	}
	return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * The versions ordered by the property: highest or lowest value first; versions without a numeric
 * value last; ties, and the versions without a value, newest version number first. A new array.
 */
export function sortVersions<T extends VersionProperties>(versions: readonly T[], sort: VersionSort): T[] {
	const sign = sort.direction === 'highest' ? -1 : 1;
	return versions
		.map((version) => ({ version, value: numericValue(version.properties[sort.property]) }))
		.sort((a, b) => {
			if (a.value !== undefined && b.value !== undefined && a.value !== b.value) {
				return sign * (a.value - b.value);
			}
			if ((a.value === undefined) !== (b.value === undefined)) {
				return a.value === undefined ? 1 : -1;
			}
			return compareVersionNumbers(b.version.version, a.version.version);
		})
		.map(({ version }) => version);
}

/** The top version of the sort, or undefined when no version has a numeric value for the property. */
export function bestVersion<T extends VersionProperties>(versions: readonly T[], sort: VersionSort): T | undefined {
	const top = sortVersions(versions, sort)[0];
	return top && numericValue(top.properties[sort.property]) !== undefined ? top : undefined;
}

/** Versions are usually integers ("2" < "10"); other labels compare as text. */
export function compareVersionNumbers(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	if (Number.isInteger(x) && Number.isInteger(y) && a.trim() !== '' && b.trim() !== '') {
		return x - y;
	}
	return a.localeCompare(b);
}

/** The label a sort shows in the tree, e.g. "val_accuracy, highest first". */
export function describeSort(sort: VersionSort): string {
	return `${sort.property}, ${sort.direction} first`;
}
