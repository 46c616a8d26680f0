import * as path from 'node:path';

type PathApi = Pick<typeof path, 'relative' | 'isAbsolute' | 'sep'>;

/**
 * Why a file cannot be a deployment's scoring script, or undefined: Azure ML's inference server
 * loads it and calls `init()` once and `run()` per request, so both must be defined at the top level.
 */
export function scoringScriptProblem(fileName: string, text: string): string | undefined {
	if (!fileName.toLowerCase().endsWith('.py')) {
		return `${fileName} is not a Python file: the scoring script is a .py file defining init() and run().`;
	}
	const missing = ['init', 'run'].filter((name) => !new RegExp(`^(async\\s+)?def\\s+${name}\\s*\\(`, 'm').test(text));
	return missing.length === 0
		? undefined
		: `${fileName} does not define ${missing.map((m) => `${m}()`).join(' and ')} at the top level: a scoring script defines init(), called once, and run(raw_data), called per request.`;
}

/**
 * The scoring script's path inside its code folder as the deployment names it (`/`-separated),
 * or an error when the script is not inside the folder. `api` is `path.win32` or `path.posix` in tests.
 */
export function scoringScriptInFolder(codeFolder: string, script: string, api: PathApi = path): string {
	const relative = api.relative(codeFolder, script);
	if (!relative || relative.startsWith('..') || api.isAbsolute(relative)) {
		throw new Error(`The scoring script ${script} is not inside the code folder ${codeFolder}.`);
	}
	return relative.split(api.sep).join('/');
}
