// What Register Model… asks and sends besides the name: tags typed as text, the version label, the
// job output path, and an MLflow model's flavors read from its MLmodel file.
import { parse } from 'yaml';

const versionPattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,49}$/;
const tagKeyPattern = /^[a-zA-Z0-9_.\- /]+$/;

/** Why `version` cannot label a model version, or undefined when it can. */
export function modelVersionProblem(version: string): string | undefined {
	return versionPattern.test(version) ? undefined : `"${version}" is not a valid version: use 1 to 50 letters, digits, '-', '_' or '.', starting with a letter or digit.`;
}

/** The version after `latest` (a number), "1" for a new model. */
export function nextVersion(latest: string | undefined): string {
	if (latest === undefined) {
		return '1';
	}
	const number = Number.parseInt(latest, 10);
	return String(Number.isFinite(number) ? number + 1 : 1);
}

/**
 * `key=value` pairs separated by commas (`framework=keras, stage=dev`); a key alone has an empty
 * value. Throws with the rule for a bad pair or a repeated key.
 */
export function parseTags(text: string): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
		const eq = pair.indexOf('=');
		const key = (eq >= 0 ? pair.slice(0, eq) : pair).trim();
		const value = eq >= 0 ? pair.slice(eq + 1).trim() : '';
		if (!tagKeyPattern.test(key) || key.startsWith('/') || key.endsWith('/')) {
			throw new Error(`"${pair}" is not a valid tag: write key=value pairs separated by commas; keys use letters, digits, '_', '-', '.', ' ' and '/' (not at either end).`);
		}
		if (key in tags) {
			throw new Error(`The tag "${key}" is given twice.`);
		}
		tags[key] = value;
	}
	return tags;
}

/** Why `text` is not a tag list, or undefined (for an input box's validation). */
export function tagsProblem(text: string): string | undefined {
	try {
		parseTags(text);
		return undefined;
	} catch (error) {
		return (error as Error).message;
	}
}

/**
 * `azureml://jobs/<run>/outputs/artifacts/paths/<path>` (a folder ends with `/`): the run's default
 * artifact location, which Azure ML resolves without copying (how-to-manage-models, "Supported paths").
 */
export function jobOutputUri(runId: string, artifactPath: string, folder: boolean): string {
	const clean = artifactPath.replace(/^\/+|\/+$/g, '');
	return `azureml://jobs/${runId}/outputs/artifacts/paths/${clean}${folder ? '/' : ''}`;
}

/** The run and artifact path of a job-output URI, or undefined for any other kind of model path. */
export function parseJobOutputUri(uri: string): { runId: string; path: string; folder: boolean } | undefined {
	const match = /^azureml:\/\/jobs\/([^/]+)\/outputs\/artifacts\/paths\/(.*)$/.exec(uri);
	if (!match) {
		return undefined;
	}
	return { runId: match[1], path: match[2].replace(/\/+$/, ''), folder: match[2].endsWith('/') || match[2] === '' };
}

/** The `flavors` of an MLmodel file as the model version's body carries them: each flavor's scalars as strings. */
export function mlflowFlavors(mlmodel: string): Record<string, { data: Record<string, string> }> {
	let parsed: unknown;
	try {
		parsed = parse(mlmodel);
	} catch {
		return {};
	}
	const flavors = (parsed as { flavors?: unknown } | null)?.flavors;
	if (!flavors || typeof flavors !== 'object') {
		return {};
	}
	const result: Record<string, { data: Record<string, string> }> = {};
	for (const [name, settings] of Object.entries(flavors as Record<string, unknown>)) {
		const data: Record<string, string> = {};
		for (const [key, value] of Object.entries(settings && typeof settings === 'object' ? (settings as Record<string, unknown>) : {})) {
			if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
				data[key] = String(value);
			}
		}
		result[name] = { data };
	}
	return result;
}
