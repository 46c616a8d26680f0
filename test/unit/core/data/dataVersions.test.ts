import * as assert from 'node:assert/strict';
import { nextFreeVersion, versionProblem } from '../../../../src/core/data/dataVersions';

describe('data asset versions', () => {
	it('suggests one more than the highest whole-number version', () => {
		assert.equal(nextFreeVersion([]), '1');
		assert.equal(nextFreeVersion(['1', '2', '10']), '11');
		assert.equal(nextFreeVersion(['2024.05.01', 'v2']), '1');
		assert.equal(nextFreeVersion(['3', 'beta']), '4');
	});

	it('refuses versions the service refuses, with the rule', () => {
		assert.equal(versionProblem('1'), undefined);
		assert.equal(versionProblem('2024.05.01-rc_1'), undefined);
		assert.match(versionProblem('')!, /1–50 characters/);
		assert.match(versionProblem('.1')!, /starting with a letter or digit/);
		assert.match(versionProblem('1 2')!, /not a valid version/);
	});
});
