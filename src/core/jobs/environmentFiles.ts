import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { CommandJobSpec, CondaSource } from './commandJobSpec';

/** Files beside a script that can describe its environment, in the order they are offered. */
export const environmentFileNames = ['requirements.txt', 'conda.yml', 'conda.yaml', 'environment.yml', 'environment.yaml'] as const;

export const defaultPython = '3.10';

/** `Dockerfile`, `Dockerfile.<variant>` or `<variant>.dockerfile`, the names Docker tools recognise. */
export function dockerfileNameProblem(file: string, pathApi: path.PlatformPath = path): string | undefined {
	const name = pathApi.basename(file);
	return /^dockerfile(\..+)?$|\.dockerfile$/i.test(name) ? undefined : `${name} is not a Dockerfile: register an environment from a file named Dockerfile, Dockerfile.<variant> or <variant>.dockerfile.`;
}

/** The environment files present in a folder. */
export async function findEnvironmentFiles(folder: string): Promise<string[]> {
	const found: string[] = [];
	for (const name of environmentFileNames) {
		const file = path.join(folder, name);
		if (await access(file).then(() => true, () => false)) {
			found.push(file);
		}
	}
	return found;
}

/** The conda source a found file stands for. */
export function condaSourceFor(file: string, python = defaultPython): CondaSource {
	return path.basename(file).toLowerCase() === 'requirements.txt' ? { from: 'requirements', path: file, python } : { from: 'condaFile', path: file };
}

/**
 * Azure ML has no field for pip requirements, so a requirements.txt becomes the pip section of a
 * conda file (Python, pip, then the requirements as written). Lines naming other files (`-r`,
 * `-c`) would not exist on the build machine, so they are refused with the line number.
 */
export function wrapRequirements(requirements: string, python: string, file = 'requirements.txt'): string {
	const packages: string[] = [];
	requirements.split(/\r?\n/).forEach((raw, index) => {
		const line = raw.replace(/(^|\s)#.*$/, '').trim();
		if (!line) {
			return;
		}
		if (/^(-r|--requirement|-c|--constraint)\b/.test(line)) {
			throw Object.assign(new Error(`${path.basename(file)} line ${index + 1}: "${line}" refers to another file, which the image build cannot read; list its packages directly.`), {
				kind: 'invalidEnvironment',
			});
		}
		packages.push(line);
	});
	return stringify({ channels: ['conda-forge'], dependencies: [`python=${python}`, 'pip', { pip: packages }] });
}

/** The conda YAML text of a source, checked to be a conda specification (before any request). */
export async function condaText(source: CondaSource): Promise<string> {
	if (source.from === 'inline') {
		return checkedConda(source.text, 'the inline conda_file');
	}
	const text = await readFile(source.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw Object.assign(new Error(`Cannot read ${source.path}: ${error.code === 'ENOENT' ? 'it does not exist' : error.message}.`), { kind: 'invalidEnvironment' });
	});
	return source.from === 'requirements' ? wrapRequirements(text, source.python, source.path) : checkedConda(text, path.basename(source.path));
}

function checkedConda(text: string, what: string): string {
	const document = parseDocument(text);
	const fail = (why: string): never => {
		throw Object.assign(new Error(`${what} is not a conda environment file: ${why}.`), { kind: 'invalidEnvironment' });
	};
	if (document.errors.length > 0) {
		fail(document.errors[0].message.split('\n')[0]);
	}
	const value = document.toJS() as { dependencies?: unknown } | null;
	if (typeof value !== 'object' || value === null || !Array.isArray(value.dependencies)) {
		fail('it needs a "dependencies:" list');
	}
	return text;
}

/**
 * The version an environment is registered under: a digest of its image and conda text, so the
 * same files reuse the version already built and any change makes a new one.
 */
export function environmentVersionFor(image: string, conda: string): string {
	return createHash('sha256').update(image).update('\n').update(conda.replace(/\r\n/g, '\n')).digest('hex').slice(0, 32);
}

/** `<folder>-env`, cleaned to the environment name rule. */
export function environmentNameFor(codeFolder: string): string {
	const base = path.basename(codeFolder).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 200);
	return `${base || 'job'}-env`;
}

/** The spec with a requirements file turned into inline conda text, as a CLI YAML file must carry it. */
export async function inlineRequirements(spec: CommandJobSpec): Promise<CommandJobSpec> {
	const env = spec.environment;
	if (env.kind !== 'build' || env.conda.from !== 'requirements') {
		return spec;
	}
	return { ...spec, environment: { ...env, conda: { from: 'inline', text: await condaText(env.conda) } } };
}
