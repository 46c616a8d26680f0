import { execFile } from 'node:child_process';

/** A way to start Python: a program and the arguments that come before the script (`py -3`). */
export interface PythonCommand {
	readonly command: string;
	readonly args: readonly string[];
}

export interface PythonCandidate extends PythonCommand {
	/** Where it came from, for the message when none works ("setting azuremlExplorer.local.python"). */
	readonly origin: string;
}

/** What running a candidate with `-c <code>` gave. */
export interface ProbeResult {
	readonly exitCode: number | null;
	readonly stdout: string;
	/** The spawn error's code (ENOENT when there is no such program). */
	readonly errorCode?: string;
}

export type PythonProbe = (candidate: PythonCommand, code: string) => Promise<ProbeResult>;

export const minimumPythonVersion: readonly [number, number] = [3, 8];
/** Exit code of the "python" and "python3" placeholders Windows installs to open the Microsoft Store. */
const microsoftStoreStubExitCode = 9009;
const versionCode = 'import sys; print("%d.%d.%d" % sys.version_info[:3])';

/** The candidates after the user's own choices: `py -3` on Windows (the launcher), python3 elsewhere, then python. */
export function platformCandidates(platform: NodeJS.Platform): PythonCandidate[] {
	const first = platform === 'win32' ? { command: 'py', args: ['-3'] } : { command: 'python3', args: [] };
	return [
		{ ...first, origin: 'the default' },
		{ command: 'python', args: [], origin: 'the default' },
	];
}

/** The first candidate that runs and is Python 3.8 or newer; otherwise an error naming each one tried and why it was refused. */
export async function findPython(candidates: readonly PythonCandidate[], probe: PythonProbe = nodePythonProbe): Promise<PythonCommand> {
	const refused: string[] = [];
	for (const candidate of candidates) {
		const problem = await problemWith(candidate, probe);
		if (!problem) {
			return { command: candidate.command, args: candidate.args };
		}
		refused.push(`${[candidate.command, ...candidate.args].join(' ')} (${candidate.origin}): ${problem}`);
	}
	const [major, minor] = minimumPythonVersion;
	throw new Error(
		`No Python ${major}.${minor} or newer found for the local run. Tried: ${refused.join('; ')}. ` +
			'Install Python, then select it with the Python extension or set azuremlExplorer.local.python to its path.',
	);
}

async function problemWith(candidate: PythonCommand, probe: PythonProbe): Promise<string | undefined> {
	let result: ProbeResult;
	try {
		result = await probe(candidate, versionCode);
	} catch (error) {
		return (error as Error).message;
	}
	if (result.errorCode === 'ENOENT') {
		return 'not found';
	}
	if (result.exitCode === microsoftStoreStubExitCode) {
		return 'the Microsoft Store placeholder, not an installed Python';
	}
	const version = /^(\d+)\.(\d+)\.(\d+)\s*$/.exec(result.stdout.trim());
	if (result.exitCode !== 0 || !version) {
		return result.errorCode ? `could not be started (${result.errorCode})` : `did not run (exit code ${result.exitCode})`;
	}
	const [major, minor] = [Number(version[1]), Number(version[2])];
	const [needMajor, needMinor] = minimumPythonVersion;
	if (major < needMajor || (major === needMajor && minor < needMinor)) {
		return `version ${version[1]}.${version[2]}.${version[3]} is too old`;
	}
	return undefined;
}

export const nodePythonProbe: PythonProbe = (candidate, code) =>
	new Promise((resolve) => {
		execFile(candidate.command, [...candidate.args, '-c', code], { windowsHide: true, timeout: 30_000 }, (error, stdout) => {
			const spawnError = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
			resolve({
				exitCode: spawnError ? (typeof spawnError.code === 'number' ? spawnError.code : null) : 0,
				stdout,
				errorCode: typeof spawnError?.code === 'string' ? spawnError.code : undefined,
			});
		});
	});
