import * as path from 'node:path';
import { isMap, parse, parseDocument, stringify } from 'yaml';
import {
	inputDataTypes,
	inputModes,
	type CommandJobSpec,
	type DistributionSpec,
	type EnvironmentSpec,
	type InputDataType,
	type InputMode,
	type JobInputSpec,
} from './commandJobSpec';
import { defaultExperimentName } from './names';

// The az ml CLI v2 command-job YAML (https://azuremlschemas.azureedge.net/latest/commandJob.schema.json),
// both ways, so a file written here runs with `az ml job create -f` and a CLI user's file runs here.

export const commandJobSchemaUrl = 'https://azuremlschemas.azureedge.net/latest/commandJob.schema.json';

const knownKeys = new Set([
	'$schema',
	'type',
	'name',
	'display_name',
	'experiment_name',
	'description',
	'tags',
	'code',
	'command',
	'environment',
	'compute',
	'resources',
	'distribution',
	'inputs',
	'environment_variables',
]);

/**
 * The YAML text of a spec; paths are written relative to the folder the file is saved in, or
 * absolute when there is no relative path (another drive on Windows). `pathApi` is the platform's
 * path rules (a parameter so both can be tested anywhere).
 */
export function commandJobToYaml(spec: CommandJobSpec, yamlFolder: string, pathApi: path.PlatformPath = path): string {
	const doc: Record<string, unknown> = { $schema: commandJobSchemaUrl, type: 'command' };
	if (spec.name) {
		doc.name = spec.name;
	}
	if (spec.displayName) {
		doc.display_name = spec.displayName;
	}
	doc.experiment_name = spec.experimentName;
	if (spec.description) {
		doc.description = spec.description;
	}
	doc.code = relativePath(yamlFolder, spec.code, pathApi);
	doc.command = spec.command;
	doc.environment = environmentToYaml(spec.environment, yamlFolder, pathApi);
	if (spec.compute.kind === 'cluster') {
		doc.compute = `azureml:${spec.compute.name}`;
	}
	const resources: Record<string, unknown> = { instance_count: spec.instanceCount };
	if (spec.compute.kind === 'serverless' && spec.compute.instanceType) {
		resources.instance_type = spec.compute.instanceType;
	}
	doc.resources = resources;
	if (spec.distribution) {
		doc.distribution = distributionToYaml(spec.distribution);
	}
	if (Object.keys(spec.inputs).length > 0) {
		doc.inputs = Object.fromEntries(Object.entries(spec.inputs).map(([name, input]) => [name, inputToYaml(input, yamlFolder, pathApi)]));
	}
	if (spec.environmentVariables && Object.keys(spec.environmentVariables).length > 0) {
		doc.environment_variables = { ...spec.environmentVariables };
	}
	if (spec.tags && Object.keys(spec.tags).length > 0) {
		doc.tags = { ...spec.tags };
	}
	return stringify(doc, { lineWidth: 0 });
}

function environmentToYaml(environment: EnvironmentSpec, yamlFolder: string, pathApi: path.PlatformPath): unknown {
	if (environment.kind === 'reference') {
		return environment.id;
	}
	const { conda } = environment;
	switch (conda.from) {
		case 'condaFile':
			return { image: environment.image, conda_file: relativePath(yamlFolder, conda.path, pathApi) };
		case 'inline':
			return { image: environment.image, conda_file: parse(conda.text) as unknown };
		case 'requirements':
			// The CLI has no requirements-file field; the wrapped conda file goes inline instead.
			throw new Error('A requirements-file environment must be resolved to conda text before it is written as YAML (see environmentFiles.ts).');
	}
}

function distributionToYaml(distribution: DistributionSpec): Record<string, unknown> {
	return distribution.type === 'tensorflow'
		? { type: 'tensorflow', worker_count: distribution.workerCount, parameter_server_count: distribution.parameterServerCount }
		: { type: distribution.type, process_count_per_instance: distribution.processCountPerInstance };
}

function inputToYaml(input: JobInputSpec, yamlFolder: string, pathApi: path.PlatformPath): unknown {
	switch (input.kind) {
		case 'literal':
			return input.value;
		case 'localFolder':
			return { type: 'uri_folder', path: relativePath(yamlFolder, input.path, pathApi), mode: input.mode };
		case 'dataAsset':
			return { type: input.type, path: input.ref, mode: input.mode };
		case 'uri':
			return { type: input.type, path: input.uri, mode: input.mode };
	}
}

function relativePath(from: string, to: string, pathApi: path.PlatformPath): string {
	const relative = pathApi.relative(from, to);
	if (pathApi.isAbsolute(relative)) {
		// Another drive or share: no relative path leads there. "./D:/data" would be read back inside `from`.
		return relative.split(pathApi.sep).join('/');
	}
	const slashed = relative.split(pathApi.sep).join('/');
	return slashed === '' ? '.' : slashed.startsWith('.') ? slashed : `./${slashed}`;
}

/** An error in a job YAML file, naming the field and the rule. */
export class JobYamlError extends Error {
	readonly kind = 'invalidJobYaml';
	constructor(file: string, message: string) {
		super(`${path.basename(file)}: ${message}`);
	}
}

/**
 * Reads a CLI command-job YAML file's text; relative paths are resolved against the file's folder,
 * absolute ones are kept (`/` or `\` separators alike on Windows).
 */
export function commandJobFromYaml(text: string, yamlFile: string, pathApi: path.PlatformPath = path): CommandJobSpec {
	const fail = (message: string): never => {
		throw new JobYamlError(yamlFile, message);
	};
	const document = parseDocument(text, { uniqueKeys: true });
	if (document.errors.length > 0) {
		fail(`not valid YAML: ${document.errors[0].message.split('\n')[0]}`);
	}
	if (!isMap(document.contents)) {
		fail('a job file must be a YAML mapping (key: value lines).');
	}
	const doc = document.toJS() as Record<string, unknown>;
	const folder = pathApi.dirname(yamlFile);
	const unknown = Object.keys(doc).filter((key) => !knownKeys.has(key));
	if (unknown.length > 0) {
		fail(`${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not supported here; supported keys: ${[...knownKeys].join(', ')}.`);
	}
	if (doc.type !== undefined && doc.type !== 'command') {
		fail(`type is ${JSON.stringify(doc.type)}; only command jobs (type: command) can be submitted here.`);
	}
	const text_ = (key: string, required = false): string | undefined => {
		const value = doc[key];
		if (value === undefined || value === null) {
			return required ? fail(`${key} is required.`) : undefined;
		}
		return typeof value === 'string' || typeof value === 'number' ? String(value) : fail(`${key} must be a string.`);
	};
	const code = text_('code') ?? fail('code is required: the folder to upload (e.g. "code: ." for the folder of this file).');
	const resources = objectAt(doc, 'resources', fail);
	const compute = text_('compute');
	return {
		name: text_('name'),
		displayName: text_('display_name'),
		experimentName: text_('experiment_name') ?? defaultExperimentName(pathApi.basename(folder)),
		description: text_('description'),
		tags: stringMap(doc.tags, 'tags', fail),
		code: pathApi.resolve(folder, code),
		command: text_('command', true) ?? '',
		environment: environmentFromYaml(doc.environment, (file) => pathApi.resolve(folder, file), fail),
		compute: compute
			? { kind: 'cluster', name: compute.replace(/^azureml:/, '') }
			: { kind: 'serverless', instanceType: typeof resources?.instance_type === 'string' ? resources.instance_type : undefined },
		instanceCount: resources?.instance_count === undefined ? 1 : numberAt(resources.instance_count, 'resources.instance_count', fail),
		distribution: distributionFromYaml(doc.distribution, fail),
		inputs: Object.fromEntries(Object.entries(objectAt(doc, 'inputs', fail) ?? {}).map(([name, value]) => [name, inputFromYaml(name, value, (file) => pathApi.resolve(folder, file), fail)])),
		environmentVariables: stringMap(doc.environment_variables, 'environment_variables', fail),
	};
}

type Fail = (message: string) => never;

function objectAt(doc: Record<string, unknown>, key: string, fail: Fail): Record<string, unknown> | undefined {
	const value = doc[key];
	if (value === undefined || value === null) {
		return undefined;
	}
	return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(`${key} must be a mapping.`);
}

function numberAt(value: unknown, key: string, fail: Fail): number {
	return typeof value === 'number' ? value : fail(`${key} must be a number.`);
}

function stringMap(value: unknown, key: string, fail: Fail): Record<string, string> | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}
	if (typeof value !== 'object' || Array.isArray(value)) {
		return fail(`${key} must be a mapping.`);
	}
	return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

function environmentFromYaml(value: unknown, resolve: (file: string) => string, fail: Fail): EnvironmentSpec {
	if (typeof value === 'string') {
		return { kind: 'reference', id: value };
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return fail('environment is required: azureml:<name>:<version>, or a mapping with image and conda_file.');
	}
	const env = value as Record<string, unknown>;
	if ('name' in env || 'version' in env) {
		fail('an inline environment cannot have a name or version (as in the CLI); reference a registered one as azureml:<name>:<version> instead.');
	}
	if (typeof env.image !== 'string') {
		return fail('environment.image is required for an inline environment (a build context is not supported here).');
	}
	const conda = env.conda_file;
	if (typeof conda === 'string') {
		return { kind: 'build', image: env.image, conda: { from: 'condaFile', path: resolve(conda) } };
	}
	if (typeof conda === 'object' && conda !== null) {
		return { kind: 'build', image: env.image, conda: { from: 'inline', text: stringify(conda) } };
	}
	return fail('environment.conda_file is required for an inline environment: a path or the conda specification itself.');
}

function distributionFromYaml(value: unknown, fail: Fail): DistributionSpec | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}
	const d = value as Record<string, unknown>;
	switch (d.type) {
		case 'pytorch':
		case 'mpi':
			return { type: d.type, processCountPerInstance: d.process_count_per_instance === undefined ? 1 : numberAt(d.process_count_per_instance, 'distribution.process_count_per_instance', fail) };
		case 'tensorflow':
			return {
				type: 'tensorflow',
				workerCount: d.worker_count === undefined ? 1 : numberAt(d.worker_count, 'distribution.worker_count', fail),
				parameterServerCount: d.parameter_server_count === undefined ? 0 : numberAt(d.parameter_server_count, 'distribution.parameter_server_count', fail),
			};
		default:
			return fail(`distribution.type must be pytorch, mpi or tensorflow (got "${String(d.type)}").`);
	}
}

function inputFromYaml(name: string, value: unknown, resolve: (file: string) => string, fail: Fail): JobInputSpec {
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		return { kind: 'literal', value };
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return fail(`inputs.${name} must be a value or a mapping with type and path.`);
	}
	const input = value as Record<string, unknown>;
	const type = (input.type ?? 'uri_folder') as InputDataType;
	if (!inputDataTypes.includes(type)) {
		fail(`inputs.${name}.type must be one of ${inputDataTypes.join(', ')} (got "${String(input.type)}").`);
	}
	const mode = (input.mode ?? 'ro_mount') as InputMode;
	if (!inputModes.includes(mode)) {
		fail(`inputs.${name}.mode must be one of ${inputModes.join(', ')} (got "${String(input.mode)}").`);
	}
	if (typeof input.path !== 'string' || !input.path) {
		return fail(`inputs.${name}.path is required.`);
	}
	if (/^[a-z][a-z0-9+]*:\/\//i.test(input.path)) {
		return { kind: 'uri', uri: input.path, type, mode };
	}
	if (input.path.startsWith('azureml:')) {
		return { kind: 'dataAsset', ref: input.path, type, mode };
	}
	if (type !== 'uri_folder') {
		fail(`inputs.${name}: a local path can only be a uri_folder input here (got ${type}).`);
	}
	return { kind: 'localFolder', path: resolve(input.path), mode };
}
