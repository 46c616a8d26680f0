import * as assert from 'node:assert/strict';
import type { Prompter } from '../../../../src/ui/prompter';
import { askScriptArguments } from '../../../../src/ui/submit/askScriptArguments';

/** Types `lines` in turn into the arguments box and answers each confirmation from `confirms`. */
function scripted(lines: string[], confirms: boolean[]) {
	const shown: { values: string[]; confirmations: string[] } = { values: [], confirmations: [] };
	const prompter = {
		inputBox: (options: { value?: string }) => {
			shown.values.push(options.value ?? '');
			return Promise.resolve(lines.shift()!);
		},
		confirm: (message: string, _action: string, detail?: string) => {
			shown.confirmations.push(`${message}\n${detail}`);
			return Promise.resolve(confirms.shift()!);
		},
	} as unknown as Prompter;
	return { prompter, shown };
}

const options = { title: 'Submit', prompt: 'Arguments', value: [] as string[] };

describe('askScriptArguments', () => {
	it('takes plain words without asking again', async () => {
		const { prompter, shown } = scripted(['--epochs 3'], []);
		assert.deepEqual(await askScriptArguments(prompter, options, 'win32'), ['--epochs', '3']);
		assert.deepEqual(shown.confirmations, []);
	});

	it('shows the parsed list when quotes changed it, and asks again with the same text when declined', async () => {
		const typed = '--data "C:\\My Data\\mnist" --epochs 2';
		const { prompter, shown } = scripted([typed, typed], [false, true]);
		assert.deepEqual(await askScriptArguments(prompter, options, 'win32'), ['--data', 'C:\\My Data\\mnist', '--epochs', '2']);
		assert.equal(shown.confirmations[0], 'The script gets 4 arguments:\n1. --data\n2. C:\\My Data\\mnist\n3. --epochs\n4. 2');
		assert.deepEqual(shown.values, ['', typed]);
	});

	it('splits with POSIX rules elsewhere, and shows remembered arguments quoted for the platform', async () => {
		const { prompter, shown } = scripted(['--name two\\ words'], [true]);
		const remembered = { ...options, value: ['--dir', 'C:\\My Data'] };
		assert.deepEqual(await askScriptArguments(prompter, remembered, 'linux'), ['--name', 'two words']);
		assert.deepEqual(shown.values, ["--dir 'C:\\My Data'"]);
		const windows = scripted(['x'], []);
		await askScriptArguments(windows.prompter, remembered, 'win32');
		assert.deepEqual(windows.shown.values, ['--dir "C:\\My Data"']);
	});
});
