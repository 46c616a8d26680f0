// How a response or a request "has the shape" of a recorded one.
//
// Matching rules (the recordings come from newer api-versions than the SDK's 2022-10-01, and the
// real service accepted them, so shapes are compared rather than values):
// - Responses (emulator vs recording): same status; every field the recording has exists with the
//   same JSON type (objects recursively, lists by their first item, a recorded non-empty list must
//   not come back empty). A recorded `null` means "unset" and accepts any type; a recorded value
//   must not come back `null`. Fields whose
//   keys are user data (tags, string-valued property bags, inputs/outputs, traffic, …) are
//   compared as objects only. Keys containing the recorder's sanitizer mark `00000` are its artefacts and skipped.
//   LRO headers (Azure-AsyncOperation, Location, x-ms-async-operation-timeout) must be present,
//   and their URLs have the recorded path shape and query parameter names.
// - Requests (client vs recording): same method and path shape; the same query parameter names
//   apart from api-version (and, for blob URLs, the SAS parameters, whose names depend on the kind
//   of SAS); every body field the client sends was in the recorded body with the same JSON type
//   (the client may leave out what newer api-versions or optional settings added), and the fields
//   the service requires are sent; x-ms-blob-type and If-None-Match as recorded.

export type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

export function kindOf(value: unknown): JsonKind {
	if (value === null || value === undefined) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return 'array';
	}
	return typeof value as JsonKind;
}

const bagKeys = new Set(['tags', 'environmentVariables', 'inputs', 'outputs', 'jobs', 'flavors', 'traffic', 'mirrorTraffic', 'parameters', 'settings', 'componentSpec', 'propertyBag', 'provisioningWarnings', 'logFiles']);

/** User-data maps: known ones, and any nested `properties` that is a string dictionary (not a compute's typed properties). */
function isBag(key: string, value: unknown, at: string): boolean {
	if (bagKeys.has(key)) {
		return true;
	}
	// The top-level `properties` is the resource's schema, never a bag.
	return key === 'properties' && at !== '$' && kindOf(value) === 'object' && Object.values(value as object).every((v) => kindOf(v) === 'string' || kindOf(v) === 'null');
}

/**
 * A user-data map: its keys are free, but an entry present on both sides (the same input name,
 * the `default` output) has to have the same shape.
 */
function bagDiff(recorded: unknown, mine: unknown, at: string, compare: (recorded: unknown, mine: unknown, at: string) => string[]): string[] {
	const [rk, mk] = [kindOf(recorded), kindOf(mine)];
	if (rk === 'null' || mk === 'null') {
		return [];
	}
	if (rk !== mk) {
		return [`${at} is ${mk}, the recording has ${rk}`];
	}
	if (rk !== 'object') {
		return [];
	}
	const theirs = recorded as Record<string, unknown>;
	return Object.entries(mine as Record<string, unknown>).flatMap(([key, value]) => (key in theirs ? compare(theirs[key], value, `${at}.${key}`) : []));
}

/** What `actual` lacks of `expected`'s shape (the recorded one), as readable paths. */
export function shapeDiff(expected: unknown, actual: unknown, at = '$'): string[] {
	const e = kindOf(expected);
	const a = kindOf(actual);
	if (e === 'null') {
		return [];
	}
	if (e !== a) {
		return [`${at} is ${a}, the service sent ${e}`];
	}
	if (e === 'array') {
		const [first] = expected as unknown[];
		const [mine] = actual as unknown[];
		if (first === undefined) {
			return [];
		}
		return mine === undefined ? [`${at} is empty, the service listed items`] : shapeDiff(first, mine, `${at}[0]`);
	}
	if (e !== 'object') {
		return [];
	}
	const problems: string[] = [];
	const mine = actual as Record<string, unknown>;
	for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
		if (key.includes('00000')) {
			continue;
		}
		const path = `${at}.${key}`;
		if (!(key in mine)) {
			problems.push(`${path} is missing`);
		} else if (isBag(key, value, at)) {
			problems.push(...bagDiff(value, mine[key], path, shapeDiff));
		} else {
			problems.push(...shapeDiff(value, mine[key], path));
		}
	}
	return problems;
}

/** Fields `sent` has that `recorded` lacks or types differently: the client must not invent fields. */
export function sentNothingNew(sent: unknown, recorded: unknown, at = '$'): string[] {
	const s = kindOf(sent);
	const r = kindOf(recorded);
	if (s === 'null') {
		return [];
	}
	if (r === 'null') {
		return [`${at} (${s}) is sent, the recorded request had no value there`];
	}
	if (s !== r) {
		return [`${at} is sent as ${s}, the recorded request had ${r}`];
	}
	if (s === 'array') {
		const [mine] = sent as unknown[];
		const [theirs] = recorded as unknown[];
		return mine === undefined || theirs === undefined ? [] : sentNothingNew(mine, theirs, `${at}[0]`);
	}
	if (s !== 'object') {
		return [];
	}
	const problems: string[] = [];
	const theirs = recorded as Record<string, unknown>;
	for (const [key, value] of Object.entries(sent as Record<string, unknown>)) {
		const path = `${at}.${key}`;
		if (!(key in theirs)) {
			if (kindOf(value) !== 'null' && !bagKeys.has(key)) {
				problems.push(`${path} is sent, the recorded request had no such field`);
			}
		} else if (isBag(key, theirs[key], at)) {
			problems.push(...bagDiff(theirs[key], value, path, (recorded, sent, where) => sentNothingNew(sent, recorded, where)));
		} else {
			problems.push(...sentNothingNew(value, theirs[key], path));
		}
	}
	return problems;
}

/** Dot paths (e.g. `properties.computeType`) missing from a body. */
export function missingPaths(body: unknown, paths: readonly string[]): string[] {
	return paths.filter((p) => p.split('.').reduce<unknown>((node, key) => (kindOf(node) === 'object' ? (node as Record<string, unknown>)[key] : undefined), body) === undefined);
}
