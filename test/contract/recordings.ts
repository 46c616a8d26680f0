import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** One request/response pair in the Azure SDK test-proxy format. */
export interface RecordedEntry {
	readonly RequestUri: string;
	readonly RequestMethod: string;
	readonly RequestHeaders: Record<string, string | string[]>;
	readonly RequestBody: unknown;
	readonly StatusCode: number;
	readonly ResponseHeaders: Record<string, string | string[]>;
	readonly ResponseBody: unknown;
}

export interface Recording {
	readonly file: string;
	readonly entries: readonly RecordedEntry[];
}

function projectRoot(): string {
	let dir = __dirname;
	while (!existsSync(path.join(dir, 'package.json')) || !readFileSync(path.join(dir, 'package.json'), 'utf8').includes('"name": "azureml-explorer"')) {
		const parent = path.dirname(dir);
		if (parent === dir) {
			throw new Error(`No azureml-explorer package.json above ${__dirname}.`);
		}
		dir = parent;
	}
	return dir;
}

/** Real recorded Azure ML traffic, shared beside the project (never copied into it). */
export const recordingsDir = path.join(projectRoot(), '..', 'shared', 'azure-recordings');

export function loadRecordings(): Recording[] {
	return readdirSync(recordingsDir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, entries: (JSON.parse(readFileSync(path.join(recordingsDir, file), 'utf8')) as { Entries: RecordedEntry[] }).Entries }));
}

export function header(headers: Record<string, string | string[]>, name: string): string | undefined {
	const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
	return Array.isArray(found) ? found[0] : found;
}

/** Collections whose next segment is a name; everything else is an action or a fixed segment. */
const named: Record<string, string> = {
	subscriptions: '{sub}',
	resourcegroups: '{rg}',
	workspaces: '{ws}',
	locations: '{location}',
	computes: '{name}',
	datastores: '{name}',
	data: '{name}',
	environments: '{name}',
	models: '{name}',
	codes: '{name}',
	components: '{name}',
	jobs: '{name}',
	onlineendpoints: '{name}',
	deployments: '{name}',
	versions: '{version}',
	runs: '{runId}',
	computeoperationsstatus: '{id}',
	mfeoperationsstatus: '{id}',
	mfeoperationresults: '{id}',
	workspaceoperationsstatus: '{id}',
};

const workspacePrefix = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';

/**
 * `METHOD path-shape`, with names replaced by placeholders and the workspace prefix shortened to
 * `.../workspaces/{ws}`, as the recordings README names operations. Blob URLs become
 * `{account}/{container}/{blob-path}` (plus `?comp=…` when present); data-plane hosts `{region}`.
 */
export function operationKey(method: string, url: URL): string {
	if (url.hostname.endsWith('.blob.core.windows.net') || /^\/devstoreaccount1(\/|$)/.test(url.pathname)) {
		const comp = url.searchParams.get('comp');
		return `${method} {account}/{container}/{blob-path}${comp ? `?comp=${comp}` : ''}`;
	}
	const segments = url.pathname.split('/').filter(Boolean);
	const shaped: string[] = [];
	for (let i = 0; i < segments.length; i++) {
		const segment = segments[i];
		shaped.push(segment.toLowerCase() === 'resourcegroups' ? 'resourceGroups' : segment);
		const placeholder = named[segment.toLowerCase()];
		if (placeholder && i + 1 < segments.length) {
			shaped.push(placeholder);
			i++;
		}
	}
	const shape = `/${shaped.join('/')}`.replace(workspacePrefix, '.../workspaces/{ws}');
	const dataPlane = /^\/(discovery|history|mlflow)(\/|$)/.test(url.pathname);
	return `${method} ${dataPlane ? `{region}.api.azureml.ms${shape}` : shape}`;
}

export function entryKey(entry: RecordedEntry): string {
	return operationKey(entry.RequestMethod, new URL(entry.RequestUri));
}

/** The request body as bytes to send: JSON as JSON; anything else is stored base64 by the recorder. */
export function requestBody(entry: RecordedEntry): Buffer | undefined {
	const body = entry.RequestBody;
	if (body === null || body === undefined) {
		return undefined;
	}
	if (typeof body === 'string' && !/json/i.test(header(entry.RequestHeaders, 'Content-Type') ?? '')) {
		return Buffer.from(body, 'base64');
	}
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}
