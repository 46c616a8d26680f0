import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Which rules a snapshot follows: Azure ML reads only the root's .amlignore, else its .gitignore. */
export interface IgnoreRules {
	/** `.amlignore`, `.gitignore`, or undefined when neither exists. */
	readonly file?: string;
	/** True for a `/`-separated path relative to the root; directories end with `/`. */
	ignores(relativePath: string): boolean;
}

/**
 * Loads the root's ignore file with gitignore semantics (the last matching pattern wins, so
 * `!negation` works). `.amlignore` replaces `.gitignore`; they are never merged, and nested
 * ignore files are not read, as in the Python SDK.
 */
export async function loadIgnoreRules(root: string, alsoIgnore: readonly string[] = []): Promise<IgnoreRules> {
	for (const file of ['.amlignore', '.gitignore']) {
		const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
		if (text !== undefined) {
			return rules(matcher().add(text).add([...alsoIgnore]), file);
		}
	}
	return rules(matcher().add([...alsoIgnore]), undefined);
}

/** Case-sensitive, as git on Linux, azure-ai-ml and Local are: `Models/` must not drop `models/`. */
function matcher(): Ignore {
	return ignore({ ignorecase: false });
}

function rules(matcher: Ignore, file: string | undefined): IgnoreRules {
	return { file, ignores: (relativePath) => matcher.ignores(relativePath) };
}
