/** A program a benchmark needs from the system: the Debian package that installs it, and where it is looked for. */
export interface SystemPackage {
	readonly name: string;
	readonly file: string;
}

/**
 * Why a benchmark cannot run on this machine, or undefined when it can: the packages whose file is
 * missing and the command that installs them (the ones .ci/run installs), so the benchmark reports
 * a skip instead of ending in a launcher's stack trace.
 */
export function missingSystemPackages(needed: readonly SystemPackage[], exists: (file: string) => boolean): string | undefined {
	const missing = needed.filter((p) => !exists(p.file)).map((p) => p.name);
	return missing.length === 0 ? undefined : `missing system packages: ${missing.join(', ')} (Debian: apt-get install ${missing.join(' ')})`;
}
