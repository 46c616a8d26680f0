import * as assert from 'node:assert/strict';
import { argumentsDifferFromPlainSplit, formatScriptArguments, parseScriptArguments } from '../../../../src/core/jobs/scriptArguments';

describe('script arguments, POSIX rules', () => {
	const parse = (text: string) => parseScriptArguments(text, 'linux');

	it('splits like a shell, honouring quotes and escapes', () => {
		assert.deepEqual(parse(`--epochs 3 --name "two words" --tag 'a b' c\\ d`), ['--epochs', '3', '--name', 'two words', '--tag', 'a b', 'c d']);
		assert.deepEqual(parseScriptArguments('--data /home/ada/mnist', 'darwin'), ['--data', '/home/ada/mnist']);
	});

	it('keeps $VAR and ${{inputs.data}} literal', () => {
		assert.deepEqual(parse('--data ${{inputs.training_data}} --home $HOME'), ['--data', '${{inputs.training_data}}', '--home', '$HOME']);
	});

	it('refuses shell operators with a message that names them', () => {
		assert.throws(() => parse('--a 1 | tee x'), /shell operators.*"\|"/);
		assert.throws(() => parse('--a 1 > out.txt'), /">"/);
	});

	it('round-trips through format', () => {
		const args = ['--name', 'two words', '--x', "it's", '--empty', '', '--path', 'C:\\Users\\ada'];
		assert.deepEqual(parse(formatScriptArguments(args, 'linux')), args);
	});

	it('gives no arguments for blank input', () => {
		assert.deepEqual(parse('   '), []);
	});
});

describe('script arguments, Windows rules', () => {
	const parse = (text: string) => parseScriptArguments(text, 'win32');

	it('keeps backslashes literal, so Windows paths stay whole', () => {
		assert.deepEqual(parse('--data C:\\Users\\ada\\mnist --out \\\\server\\share\\'), ['--data', 'C:\\Users\\ada\\mnist', '--out', '\\\\server\\share\\']);
	});

	it('groups with double quotes, "" inside quotes being one quote; single quotes are plain characters', () => {
		assert.deepEqual(parse('--name "two words" --dir "C:\\Program Files\\data" --say "a ""quoted"" word" --who O\'Brien'), [
			'--name',
			'two words',
			'--dir',
			'C:\\Program Files\\data',
			'--say',
			'a "quoted" word',
			'--who',
			"O'Brien",
		]);
		assert.deepEqual(parse('--empty "" --joined a"b c"d'), ['--empty', '', '--joined', 'ab cd']);
	});

	it('keeps $VAR and ${{inputs.data}} literal and refuses operators and an open quote', () => {
		assert.deepEqual(parse('--data ${{inputs.training_data}} --home $HOME'), ['--data', '${{inputs.training_data}}', '--home', '$HOME']);
		assert.throws(() => parse('--a 1 | more'), /shell operators.*"\|"/);
		assert.throws(() => parse('--a 1 > out.txt'), /">"/);
		assert.throws(() => parse('--name "open'), /double quote is not closed/);
		assert.deepEqual(parse('--pipe "a|b"'), ['--pipe', 'a|b']);
	});

	it('round-trips through format', () => {
		const args = ['--name', 'two words', '--x', 'say "hi"', '--empty', '', '--path', 'C:\\Users\\ada', '--op', 'a&b'];
		assert.deepEqual(parse(formatScriptArguments(args, 'win32')), args);
		assert.equal(formatScriptArguments(['--data', 'C:\\Users\\ada\\mnist'], 'win32'), '--data C:\\Users\\ada\\mnist');
	});
});

describe('argumentsDifferFromPlainSplit', () => {
	it('is false for plain words and true when quotes or escapes changed the list', () => {
		assert.equal(argumentsDifferFromPlainSplit('  --epochs  3 ', ['--epochs', '3']), false);
		assert.equal(argumentsDifferFromPlainSplit('--name "two words"', ['--name', 'two words']), true);
		assert.equal(argumentsDifferFromPlainSplit('--data C:\\Users\\ada', ['--data', 'C:Usersada']), true);
	});
});
