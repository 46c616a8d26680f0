import * as path from 'node:path';
import { resolveLocalDataReference, type LocalDataAsset } from '../backends/local/localDataAssets';
import type { CommandJobSpec } from './commandJobSpec';
import { parseScriptArguments } from './scriptArguments';

/** What run_local.py needs to run a command job's script on this machine. */
export interface LocalJobPlan {
	readonly source: string;
	/** Relative to `source`, "/"-separated. */
	readonly script: string;
	/** With literal inputs already in place; `${{inputs.<folder input>}}` is left to the harness. */
	readonly args: string[];
	/** Input name → absolute folder (`--input NAME=FOLDER`). */
	readonly inputs: Record<string, string>;
	/** Fields of the job that a Local run does not use (the local Python is the environment). */
	readonly ignored: string[];
}

const pythonCommand = /^python(3(\.\d+)?)?$/;

/**
 * A command job (as read from job YAML) as a Local run: its command must run one Python script of
 * its code folder (`python train.py --data ${{inputs.data}}`); a data asset input must be a local
 * data asset, a local path input is read where it is; literal inputs are put into the arguments.
 * Anything Local cannot do is refused with the field named, before anything runs.
 */
export function localJobOfSpec(spec: CommandJobSpec, assets: readonly LocalDataAsset[], pathApi: path.PlatformPath = path): LocalJobPlan {
	if (/[\r\n]/.test(spec.command.trim())) {
		throw new Error('command: Local runs one Python script; a command of several lines runs only on a workspace.');
	}
	// The service runs the command in bash: split it with POSIX rules on every platform.
	const words = parseScriptArguments(spec.command.trim(), 'linux');
	if (!pythonCommand.test(words[0] ?? '')) {
		throw new Error(`command: Local runs "python <script>.py [arguments]" (got "${spec.command.trim()}").`);
	}
	const rest = words.slice(words[1] === '-u' ? 2 : 1);
	const script = rest[0] ?? '';
	const full = pathApi.resolve(spec.code, script);
	const relative = pathApi.relative(spec.code, full);
	if (!/\.py$/i.test(script) || relative.startsWith('..') || pathApi.isAbsolute(relative)) {
		throw new Error(`command: "${script}" is not a .py script inside the code folder ${spec.code}.`);
	}
	if (spec.instanceCount > 1 || spec.distribution) {
		throw new Error('resources.instance_count / distribution: a Local run is one process on this machine.');
	}
	if (spec.environmentVariables && Object.keys(spec.environmentVariables).length > 0) {
		throw new Error('environment_variables: not passed to Local runs; submit this job to a workspace.');
	}
	const inputs: Record<string, string> = {};
	const literals: Record<string, string> = {};
	for (const [name, input] of Object.entries(spec.inputs)) {
		switch (input.kind) {
			case 'literal':
				literals[name] = String(input.value);
				break;
			case 'localFolder':
				inputs[name] = input.path;
				break;
			case 'dataAsset':
				if (input.type !== 'uri_folder') {
					throw new Error(`inputs.${name}: Local data assets are folders (uri_folder), not ${input.type}.`);
				}
				inputs[name] = resolveLocalDataReference(assets, input.ref).path;
				break;
			case 'uri':
				throw new Error(`inputs.${name}: Local reads folders of this machine or local data assets, not ${input.uri}; submit this job to a workspace.`);
		}
	}
	const args = rest.slice(1).map((arg) => arg.replace(/\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => literals[name] ?? whole));
	const ignored = ['environment', ...(spec.compute.kind === 'cluster' ? ['compute'] : [])];
	return { source: spec.code, script: relative.split(pathApi.sep).join('/'), args, inputs, ignored };
}
