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

	it('throws a typed error', () => {
		assert.throws(() => assertValidName('environment', 'bad name!'), (e: Error & { kind?: string }) => e.kind === 'invalidName' && /environment name/.test(e.message));
	});
});
