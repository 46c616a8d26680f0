import * as assert from 'node:assert/strict';
import { formatScriptArguments, parseScriptArguments } from '../../../../src/core/jobs/scriptArguments';

describe('script arguments', () => {
	it('splits like a shell, honouring quotes and escapes', () => {
		assert.deepEqual(parseScriptArguments(`--epochs 3 --name "two words" --tag 'a b' c\\ d`), ['--epochs', '3', '--name', 'two words', '--tag', 'a b', 'c d']);
	});

	it('keeps $VAR and ${{inputs.data}} literal', () => {
		assert.deepEqual(parseScriptArguments('--data ${{inputs.training_data}} --home $HOME'), ['--data', '${{inputs.training_data}}', '--home', '$HOME']);
	});

	it('refuses shell operators with a message that names them', () => {
		assert.throws(() => parseScriptArguments('--a 1 | tee x'), /shell operators.*"\|"/);
		assert.throws(() => parseScriptArguments('--a 1 > out.txt'), /">"/);
	});

	it('round-trips through format', () => {
		const args = ['--name', 'two words', '--x', "it's", '--empty', ''];
		assert.deepEqual(parseScriptArguments(formatScriptArguments(args)), args);
	});

	it('gives no arguments for blank input', () => {
		assert.deepEqual(parseScriptArguments('   '), []);
	});
});
