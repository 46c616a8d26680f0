import type { CommandJobSpec, DistributionSpec, InputMode, JobInputSpec } from './commandJobSpec';

// The REST body of a command job (the wire names recorded in command_job__with_dataset.json), from
// a spec whose local parts (code, environment, local folders) have been turned into service ids.

const restModes: Record<InputMode, string> = {
	ro_mount: 'ReadOnlyMount',
	rw_mount: 'ReadWriteMount',
	download: 'Download',
	direct: 'Direct',
	eval_mount: 'EvalMount',
	eval_download: 'EvalDownload',
};

/** What the local parts of a spec became on the service. */
export interface ResolvedParts {
	/** Absent for a job that runs only a command (a YAML without `code`). */
	readonly codeId?: string;
	readonly environmentId: string;
	/** The compute's ARM id; absent for serverless. */
	readonly computeId?: string;
	/** `azureml://datastores/<ds>/paths/LocalUpload/<hash>/<folder>/` per local folder input. */
	readonly localInputUris: Readonly<Record<string, string>>;
}

/** The `properties` of a command job PUT, in wire JSON (camelCase names as recorded). */
export type CommandJobBody = Record<string, unknown>;

export function commandJobBody(spec: CommandJobSpec, parts: ResolvedParts): CommandJobBody {
	const instanceType = spec.compute.kind === 'serverless' ? spec.compute.instanceType : undefined;
	// One instance of the compute's own size is the service's default: sent only when it differs.
	const resources = spec.instanceCount !== 1 || instanceType ? { resources: { instanceCount: spec.instanceCount, ...(instanceType ? { instanceType } : {}) } } : {};
	return {
		command: spec.command,
		...(parts.codeId ? { codeId: parts.codeId } : {}),
		environmentId: parts.environmentId,
		...(parts.computeId ? { computeId: parts.computeId } : {}),
		experimentName: spec.experimentName,
		...(spec.displayName ? { displayName: spec.displayName } : {}),
		...(spec.description ? { description: spec.description } : {}),
		tags: { ...spec.tags },
		properties: {},
		environmentVariables: { ...spec.environmentVariables },
		inputs: Object.fromEntries(Object.entries(spec.inputs).map(([name, input]) => [name, restInput(name, input, parts)])),
		outputs: {},
		...resources,
		...(spec.distribution ? { distribution: restDistribution(spec.distribution) } : {}),
	};
}

function restInput(name: string, input: JobInputSpec, parts: ResolvedParts): Record<string, unknown> {
	switch (input.kind) {
		case 'literal':
			return { jobInputType: 'literal', value: String(input.value) };
		case 'dataAsset':
			return { jobInputType: input.type, mode: restModes[input.mode], uri: input.ref };
		case 'uri':
			return { jobInputType: input.type, mode: restModes[input.mode], uri: input.uri };
		case 'localFolder': {
			const uri = parts.localInputUris[name];
			if (!uri) {
				throw new Error(`Input "${name}" was not uploaded before the job was built.`);
			}
			return { jobInputType: 'uri_folder', mode: restModes[input.mode], uri };
		}
	}
}

function restDistribution(distribution: DistributionSpec): Record<string, unknown> {
	switch (distribution.type) {
		case 'pytorch':
			return { distributionType: 'PyTorch', processCountPerInstance: distribution.processCountPerInstance };
		case 'mpi':
			return { distributionType: 'Mpi', processCountPerInstance: distribution.processCountPerInstance };
		case 'tensorflow':
			return { distributionType: 'TensorFlow', workerCount: distribution.workerCount, parameterServerCount: distribution.parameterServerCount };
	}
}
