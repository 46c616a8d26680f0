import type { ChildProcess } from 'node:child_process';

/**
 * Asks a child process to stop (`ask`), kills it if it has not exited within `graceMs` (SIGKILL,
 * which Node turns into TerminateProcess on Windows), and resolves once it has exited.
 */
export async function stopChild(child: ChildProcess, exited: Promise<unknown>, ask: () => void, graceMs: number): Promise<void> {
	ask();
	let timer: NodeJS.Timeout | undefined;
	const killed = new Promise<void>((resolve) => {
		timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve();
		}, graceMs);
	});
	await Promise.race([exited, killed]);
	clearTimeout(timer);
	await exited;
}
