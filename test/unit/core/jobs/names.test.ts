import * as assert from 'node:assert/strict';
import { assertValidName, nameProblem } from '../../../../src/core/jobs/names';

describe('Azure ML names', () => {
	it('accepts valid names', () => {
		for (const [kind, name] of [
			['job', 'keen_apple_7x'],
			['experiment', 'mnist-lenet'],
			['environment', 'sklearn-env_2'],
			['compute', 'cpu-cluster'],
			['compute', 'gpu1'],
			['workspace', 'ml-ws_01'],
			['endpoint', 'mnist-ep'],
		] as const) {
			assert.equal(nameProblem(kind, name), undefined, `${kind} ${name}`);
		}
	});

	it('refuses invalid names with the rule in the message', () => {
		assert.equal(nameProblem('job', 'my job'), '"my job" is not a valid job name: use 1–255 characters: letters, digits, "-" and "_", starting with a letter or digit.');
		assert.match(nameProblem('experiment', '-leading')!, /starting with a letter or digit/);
		assert.match(nameProblem('experiment', 'x'.repeat(256))!, /1–255 characters/);
		assert.match(nameProblem('compute', 'cpu-cluster-that-is-long')!, /2–16 characters/);
		assert.match(nameProblem('compute', '1cpu')!, /starting with a letter/);
		assert.match(nameProblem('compute', 'cpu-')!, /not ending with "-"/);
		assert.match(nameProblem('compute', 'c')!, /2–16/);
		assert.match(nameProblem('workspace', 'ab')!, /3–33 characters/);
		assert.match(nameProblem('endpoint', 'ep_1')!, /letters, digits and "-"/);
	});

	it('checks workspace names by the REST spec pattern (3–33, letters, digits, "-", "_") and resource group names by ARM\'s', () => {
		for (const good of ['abc', 'ML_ws-01', '1ws', 'a'.repeat(33)]) {
			assert.equal(nameProblem('workspace', good), undefined, good);
		}
		for (const bad of ['ab', 'a'.repeat(34), '-ws', '_ws', 'ws.1', 'my ws', 'wś1']) {
			assert.match(nameProblem('workspace', bad) ?? '', /is not a valid workspace name: use 3–33 characters: letters, digits, "-" and "_", starting with a letter or digit\./, bad);
		}
		for (const good of ['rg', 'rg.prod(1)', 'r', 'grupo-ñ_1', 'x'.repeat(90)]) {
			assert.equal(nameProblem('resource group', good), undefined, good);
		}
		for (const bad of ['rg.', 'x'.repeat(91), 'my rg', 'rg/1', '']) {
			assert.match(nameProblem('resource group', bad) ?? '', /not a valid resource group name: use 1–90 characters: letters, digits, "-", "_", "\." and parentheses, not ending with "\."/, bad);
		}
	});

	it('throws a typed error', () => {
		assert.throws(() => assertValidName('environment', 'bad name!'), (e: Error & { kind?: string }) => e.kind === 'invalidName' && /environment name/.test(e.message));
	});
});
