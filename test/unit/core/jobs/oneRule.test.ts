import * as assert from 'node:assert/strict';
import { KnownJobStatus } from '@azure/arm-machinelearning';
import { isJobStatus, jobStatuses } from '../../../../src/core/backends/types';
import { defaultExperimentName, nameProblem } from '../../../../src/core/jobs/names';

describe('one rule, one place', () => {
	it('the job statuses are exactly the service\'s KnownJobStatus values', () => {
		assert.deepEqual([...jobStatuses].sort(), Object.values(KnownJobStatus).sort());
		assert.ok(jobStatuses.every(isJobStatus));
		assert.ok(!isJobStatus('Bogus') && !isJobStatus(undefined) && !isJobStatus('completed'));
	});

	it('the default experiment is the folder name made valid, else the service\'s "Default"', () => {
		assert.equal(defaultExperimentName('mnist'), 'mnist');
		assert.equal(defaultExperimentName('ab'), 'ab', 'a short folder name is a valid experiment name');
		assert.equal(defaultExperimentName('my project (v2)'), 'my-project-v2-');
		assert.equal(defaultExperimentName('__'), 'Default');
		assert.equal(defaultExperimentName('✓'), 'Default');
		for (const folder of ['mnist', 'ab', 'my project (v2)', '__', '✓', 'x'.repeat(300)]) {
			assert.equal(nameProblem('experiment', defaultExperimentName(folder)), undefined, folder);
		}
	});
});
