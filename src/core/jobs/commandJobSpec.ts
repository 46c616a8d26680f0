import { nameProblem } from './names';

// What the user chose for a command job, independent of how it is written down (the az ml CLI's
// YAML, see commandJobYaml.ts) or sent (the REST body, see submitCommandJob.ts). Paths are absolute.

/** How a job input reaches the compute (the CLI's words; the REST names are in inputModeToRest). */
export type InputMode = 'ro_mount' | 'rw_mount' | 'download' | 'direct' | 'eval_mount' | 'eval_download';
export const inputModes: readonly InputMode[] = ['ro_mount', 'rw_mount', 'download', 'direct', 'eval_mount', 'eval_download'];

export type InputDataType = 'uri_folder' | 'uri_file' | 'mltable';
export const inputDataTypes: readonly InputDataType[] = ['uri_folder', 'uri_file', 'mltable'];

export type JobInputSpec =
	/** A registered data asset, `azureml:<name>:<version>`. */
	| { readonly kind: 'dataAsset'; readonly ref: string; readonly type: InputDataType; readonly mode: InputMode }
	/** A path the service reads as is: `azureml://datastores/<ds>/paths/<p>`, `https://…`, `wasbs://…`. */
	| { readonly kind: 'uri'; readonly uri: string; readonly type: InputDataType; readonly mode: InputMode }
	/** A folder on this machine, uploaded to the default datastore under `LocalUpload/<hash>/`. */
	| { readonly kind: 'localFolder'; readonly path: string; readonly mode: InputMode }
	| { readonly kind: 'literal'; readonly value: string | number | boolean };

/** Where the conda specification of a built environment comes from. */
export type CondaSource =
	| { readonly from: 'condaFile'; readonly path: string }
	/** A pip requirements file, wrapped into a conda file with this Python. */
	| { readonly from: 'requirements'; readonly path: string; readonly python: string }
	/** Conda YAML text written inline (a CLI YAML's `conda_file:` object). */
	| { readonly from: 'inline'; readonly text: string };

export type EnvironmentSpec =
	/** A registered or curated environment: `azureml:<name>:<version>`, `azureml:<name>@latest`, or a registry id. */
	| { readonly kind: 'reference'; readonly id: string }
	/** Built by the service from a base image and a conda file; registered once per content. */
	| { readonly kind: 'build'; readonly image: string; readonly conda: CondaSource };

export type ComputeSpec = { readonly kind: 'cluster'; readonly name: string } | { readonly kind: 'serverless'; readonly instanceType?: string };

export type DistributionSpec =
	| { readonly type: 'pytorch'; readonly processCountPerInstance: number }
	| { readonly type: 'mpi'; readonly processCountPerInstance: number }
	| { readonly type: 'tensorflow'; readonly workerCount: number; readonly parameterServerCount: number };

export interface CommandJobSpec {
	/** Unique in the workspace; generated at submit when absent (as the CLI does). */
	readonly name?: string;
	readonly displayName?: string;
	readonly experimentName: string;
	readonly description?: string;
	readonly tags?: Readonly<Record<string, string>>;
	/** The snapshot folder (absolute). */
	readonly code: string;
	/** Run in the snapshot folder on the compute; `${{inputs.<name>}}` is replaced by the service. */
	readonly command: string;
	readonly environment: EnvironmentSpec;
	readonly compute: ComputeSpec;
	readonly instanceCount: number;
	readonly distribution?: DistributionSpec;
	readonly inputs: Readonly<Record<string, JobInputSpec>>;
	readonly environmentVariables?: Readonly<Record<string, string>>;
}

/** The default base image for environments built from a conda or requirements file. */
export const defaultBaseImage = 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest';

const inputName = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;
const environmentReference = /^(azureml:[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[^:@\s]+|@latest)|azureml:\/\/registries\/[^/\s]+\/environments\/[^/\s]+\/(versions\/[^/\s]+|labels\/latest)|\/subscriptions\/.+\/environments\/[^/]+\/versions\/[^/]+)$/;
const dataAssetReference = /^azureml:[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[^:@\s]+|@latest)$/;

/** The problems of a spec, each with the rule it breaks; empty when it can be submitted. */
export function specProblems(spec: CommandJobSpec): string[] {
	const problems: string[] = [];
	const check = (problem: string | undefined) => problem && problems.push(problem);
	if (spec.name !== undefined) {
		check(nameProblem('job', spec.name));
	}
	check(nameProblem('experiment', spec.experimentName));
	if (!spec.command.trim()) {
		problems.push('The command is empty: give the command that runs the script, e.g. "python train.py".');
	}
	if (spec.compute.kind === 'cluster') {
		check(nameProblem('compute', spec.compute.name));
	}
	if (!Number.isInteger(spec.instanceCount) || spec.instanceCount < 1 || spec.instanceCount > 100) {
		problems.push(`The instance count must be a whole number from 1 to 100 (got ${spec.instanceCount}).`);
	}
	problems.push(...distributionProblems(spec.distribution));
	if (spec.environment.kind === 'reference' && !environmentReference.test(spec.environment.id)) {
		problems.push(
			`"${spec.environment.id}" is not an environment reference: use azureml:<name>:<version>, azureml:<name>@latest or azureml://registries/<registry>/environments/<name>/versions/<version>.`,
		);
	}
	if (spec.environment.kind === 'build' && !spec.environment.image.trim()) {
		problems.push('A built environment needs a base image, e.g. ' + defaultBaseImage + '.');
	}
	for (const [name, input] of Object.entries(spec.inputs)) {
		if (!inputName.test(name)) {
			problems.push(`"${name}" is not a valid input name: use letters, digits and "_", not starting with a digit.`);
		}
		if (input.kind === 'dataAsset' && !dataAssetReference.test(input.ref)) {
			problems.push(`Input "${name}": "${input.ref}" is not a data asset reference: use azureml:<name>:<version> or azureml:<name>@latest.`);
		}
		if (input.kind === 'uri' && !/^(azureml|https|wasbs|abfss|adl):\/\//.test(input.uri)) {
			problems.push(`Input "${name}": "${input.uri}" is not a storage path: use azureml://datastores/<datastore>/paths/<path> or an https:// URL.`);
		}
	}
	for (const match of spec.command.matchAll(/\$\{\{\s*inputs\.([^}\s]+)\s*\}\}/g)) {
		if (!(match[1] in spec.inputs)) {
			problems.push(`The command uses \${{inputs.${match[1]}}}, but there is no input named "${match[1]}".`);
		}
	}
	for (const key of Object.keys(spec.environmentVariables ?? {})) {
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
			problems.push(`"${key}" is not a valid environment variable name: use letters, digits and "_", not starting with a digit.`);
		}
	}
	return problems;
}

function distributionProblems(distribution: DistributionSpec | undefined): string[] {
	const positive = (value: number, what: string, min = 1) =>
		Number.isInteger(value) && value >= min ? [] : [`The ${what} must be a whole number of at least ${min} (got ${value}).`];
	switch (distribution?.type) {
		case undefined:
			return [];
		case 'pytorch':
		case 'mpi':
			return positive(distribution.processCountPerInstance, 'process count per instance');
		case 'tensorflow':
			return [...positive(distribution.workerCount, 'TensorFlow worker count'), ...positive(distribution.parameterServerCount, 'TensorFlow parameter server count', 0)];
	}
}

/** Throws one error listing every problem (before any request), or returns the spec. */
export function assertValidSpec(spec: CommandJobSpec): CommandJobSpec {
	const problems = specProblems(spec);
	if (problems.length > 0) {
		throw Object.assign(new Error(problems.join(' ')), { kind: 'invalidSpec' });
	}
	return spec;
}

/**
 * `python <script> <args>` as the compute's shell reads it. Arguments are quoted only when they
 * need it, so `${{inputs.data}}` stays readable (the service substitutes it before the shell runs).
 */
export function pythonCommand(script: string, args: readonly string[]): string {
	return ['python', script, ...args].map(shellWord).join(' ');
}

function shellWord(word: string): string {
	if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) || /^(?:[A-Za-z0-9_@%+=:,./-]*\$\{\{\s*inputs\.[A-Za-z0-9_]+\s*\}\})+[A-Za-z0-9_@%+=:,./-]*$/.test(word)) {
		return word;
	}
	return `'${word.replace(/'/g, `'\\''`)}'`;
}
