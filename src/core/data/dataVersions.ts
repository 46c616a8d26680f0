// Data asset versions: the next free one (what the studio and the CLI suggest), and the rule a
// version string must follow, checked before any request.

const versionPattern = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,49}$/;

/** Undefined when valid, else the rule (fits an input box's validateInput). */
export function versionProblem(version: string): string | undefined {
	return versionPattern.test(version) ? undefined : `"${version}" is not a valid version: use 1–50 characters: letters, digits, ".", "-" and "_", starting with a letter or digit.`;
}

/** One more than the highest whole-number version, "1" when there is none. */
export function nextFreeVersion(existing: readonly string[]): string {
	const numbers = existing.filter((v) => /^\d+$/.test(v)).map(Number);
	return String(numbers.length === 0 ? 1 : Math.max(...numbers) + 1);
}
