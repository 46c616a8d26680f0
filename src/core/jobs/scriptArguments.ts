import { parse, quote } from 'shell-quote';

/**
 * Splits what the user typed as a script's arguments with the rules of the user's platform:
 * - POSIX: as a shell would (quotes, backslash escapes), keeping `$VAR` and `${{inputs.x}}` literal:
 *   they are for the job, not for us;
 * - Windows: as Windows programs split their command line: backslashes are literal (paths such as
 *   `C:\Users\ada\mnist` stay whole), double quotes group, `""` inside quotes is one quote.
 * Shell operators are refused on both: no shell runs the arguments, so they would not do what they seem to.
 */
export function parseScriptArguments(text: string, platform: NodeJS.Platform = process.platform): string[] {
	return platform === 'win32' ? parseWindows(text) : parsePosix(text);
}

/** The inverse of parseScriptArguments, for showing and editing remembered arguments. */
export function formatScriptArguments(args: readonly string[], platform: NodeJS.Platform = process.platform): string {
	if (platform !== 'win32') {
		return quote([...args]);
	}
	return args.map((arg) => (arg === '' || /[\s"|<>&]/.test(arg) ? `"${arg.replace(/"/g, '""')}"` : arg)).join(' ');
}

/**
 * True when the parsed arguments are not what splitting the text at spaces gives, so the user
 * should see the list before it is submitted (quotes or escapes did something).
 */
export function argumentsDifferFromPlainSplit(text: string, args: readonly string[]): boolean {
	const plain = text.split(/\s+/).filter(Boolean);
	return plain.length !== args.length || plain.some((word, i) => word !== args[i]);
}

function parsePosix(text: string): string[] {
	const args: string[] = [];
	// shell-quote reads `${{inputs.x}}` as the variable `{inputs.x` followed by `}`: put back what it took.
	for (const token of parse(text, (name) => (name.startsWith('{') ? `\${${name}}` : `$${name}`))) {
		if (typeof token !== 'string') {
			const op = 'op' in token ? token.op : '#';
			throw operatorError(op === 'glob' ? (token as { pattern: string }).pattern : op);
		}
		args.push(token);
	}
	return args;
}

function parseWindows(text: string): string[] {
	const args: string[] = [];
	let current = '';
	let inArgument = false;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c !== '"') {
				current += c;
			} else if (text[i + 1] === '"') {
				current += '"';
				i++;
			} else {
				quoted = false;
			}
		} else if (c === '"') {
			quoted = true;
			inArgument = true;
		} else if (/\s/.test(c)) {
			if (inArgument) {
				args.push(current);
				current = '';
				inArgument = false;
			}
		} else if ('|<>&'.includes(c)) {
			throw operatorError(c);
		} else {
			current += c;
			inArgument = true;
		}
	}
	if (quoted) {
		throw new Error('A double quote is not closed.');
	}
	if (inArgument) {
		args.push(current);
	}
	return args;
}

function operatorError(op: string): Error {
	return new Error(`Arguments cannot contain shell operators or comments ("${op}"); quote them if they are meant literally.`);
}
