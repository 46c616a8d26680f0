import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** How the OS is asked about a process; tests give a fake one to check every platform's path. */
export interface ProcessProbe {
	readonly platform: NodeJS.Platform;
	readFile(file: string): Promise<string>;
	/** stdout of a program run without a shell, or a rejection when it fails. */
	run(command: string, args: readonly string[]): Promise<string>;
}

export const nodeProbe: ProcessProbe = {
	platform: process.platform,
	readFile: (file) => readFile(file, 'utf8'),
	run: (command, args) =>
		new Promise((resolve, reject) =>
			execFile(command, [...args], { windowsHide: true, timeout: 30_000 }, (error: Error | null, stdout: string) => (error ? reject(error) : resolve(stdout))),
		),
};

/**
 * When the process `pid` started, as an opaque token that changes when the pid is reused, or
 * undefined when no such process runs. Compared only with a token taken the same way, so its
 * format (clock ticks since boot, a date, a FILETIME) does not matter.
 */
export async function processStartToken(pid: number, probe: ProcessProbe = nodeProbe): Promise<string | undefined> {
	if (!Number.isSafeInteger(pid) || pid <= 0) {
		return undefined;
	}
	try {
		if (probe.platform === 'linux') {
			const stat = await probe.readFile(`/proc/${pid}/stat`);
			// "pid (comm) state ppid ... starttime": comm may hold spaces and parentheses; starttime is field 22.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			return fields[0] === 'Z' ? undefined : fields[19];
		}
		if (probe.platform === 'win32') {
			const out = await probe.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', `(Get-Process -Id ${pid} -ErrorAction Stop).StartTime.ToFileTimeUtc()`]);
			return out.trim() || undefined;
		}
		// macOS and the BSDs: ps prints nothing (and fails) for a pid that is gone.
		return (await probe.run('ps', ['-o', 'lstart=', '-p', String(pid)])).trim() || undefined;
	} catch {
		return undefined;
	}
}

/** Ends `pid` and every process below it: `taskkill /T /F` on Windows, SIGKILL to its process group elsewhere. */
export async function killProcessTree(pid: number, probe: ProcessProbe = nodeProbe): Promise<void> {
	if (probe.platform === 'win32') {
		await probe.run('taskkill', ['/PID', String(pid), '/T', '/F']).catch(() => undefined);
		return;
	}
	try {
		// The harness was started detached, so it leads a process group of its own.
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Gone already.
	}
}
