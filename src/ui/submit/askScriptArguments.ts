import { formatScriptArguments, parseScriptArguments } from '../../core/jobs/scriptArguments';
import type { Prompter } from '../prompter';

/** Asks for a script's arguments as one shell-quoted line, refusing a line that does not parse. */
export async function askScriptArguments(prompt: Prompter, options: { title: string; prompt: string; value: readonly string[]; placeHolder?: string }): Promise<string[]> {
	const text = await prompt.inputBox({
		title: options.title,
		prompt: options.prompt,
		value: formatScriptArguments(options.value),
		placeHolder: options.placeHolder,
		validateInput: (line) => {
			try {
				parseScriptArguments(line);
				return undefined;
			} catch (error) {
				return (error as Error).message;
			}
		},
	});
	return parseScriptArguments(text);
}
