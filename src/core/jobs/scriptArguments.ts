import { parse, quote } from 'shell-quote';

/**
 * Splits what the user typed as a script's arguments the way a POSIX shell would (quotes,
 * escapes), keeping `$VAR` and `${{inputs.x}}` literal: they are for the job, not for us.
 */
export function parseScriptArguments(text: string): string[] {
	const args: string[] = [];
	// shell-quote reads `${{inputs.x}}` as the variable `{inputs.x` followed by `}`: put back what it took.
	for (const token of parse(text, (name) => (name.startsWith('{') ? `\${${name}}` : `$${name}`))) {
		if (typeof token !== 'string') {
			const op = 'op' in token ? token.op : '#';
			throw new Error(`Arguments cannot contain shell operators or comments ("${op === 'glob' ? (token as { pattern: string }).pattern : op}"); quote them if they are meant literally.`);
		}
		args.push(token);
	}
	return args;
}

/** The inverse of parseScriptArguments, for showing and editing remembered arguments. */
export function formatScriptArguments(args: readonly string[]): string {
	return quote([...args]);
}
