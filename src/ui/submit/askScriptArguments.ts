import { argumentsDifferFromPlainSplit, formatScriptArguments, parseScriptArguments } from '../../core/jobs/scriptArguments';
import type { Prompter } from '../prompter';

/**
 * Asks for a script's arguments as one line, split with the rules of the user's platform, refusing
 * a line that does not parse. When quotes or escapes made the list differ from the words typed, the
 * list is shown for confirmation before it is used; declining asks again.
 */
export async function askScriptArguments(
	prompt: Prompter,
	options: { title: string; prompt: string; value: readonly string[]; placeHolder?: string },
	platform: NodeJS.Platform = process.platform,
): Promise<string[]> {
	let value = formatScriptArguments(options.value, platform);
	for (;;) {
		const text = await prompt.inputBox({
			title: options.title,
			prompt: options.prompt,
			value,
			placeHolder: options.placeHolder,
			validateInput: (line) => {
				try {
					parseScriptArguments(line, platform);
					return undefined;
				} catch (error) {
					return (error as Error).message;
				}
			},
		});
		const args = parseScriptArguments(text, platform);
		if (!argumentsDifferFromPlainSplit(text, args)) {
			return args;
		}
		const list = args.map((arg, i) => `${i + 1}. ${arg === '' ? '(empty)' : arg}`).join('\n');
		if (await prompt.confirm(`The script gets ${args.length} argument${args.length === 1 ? '' : 's'}:`, 'Use These Arguments', list)) {
			return args;
		}
		value = text;
	}
}
