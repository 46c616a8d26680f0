import * as assert from 'node:assert/strict';
import { azMlPollIntervalSeconds, PollSchedule } from '../../../../src/core/logs/pollSchedule';

describe('poll schedule', () => {
	it('polls every second while data arrives, backs off ×1.5 to 10 s while quiet, and resets on data', () => {
		const schedule = new PollSchedule();
		const delays = [true, false, false, false, false, false, false, false, true, false].map((gotData) => schedule.next(gotData));
		assert.deepEqual(delays, [1000, 1500, 2250, 3375, 5063, 7595, 10000, 10000, 1000, 1500]);
	});

	it('takes other bounds', () => {
		const schedule = new PollSchedule({ minMs: 200, maxMs: 500, factor: 2 });
		assert.deepEqual([false, false, false, true].map((d) => schedule.next(d)), [400, 500, 500, 200]);
	});

	it('computes the az ml job stream schedule (azure-ai-ml _wait_before_polling)', () => {
		const at = (t: number) => azMlPollIntervalSeconds(t);
		assert.deepEqual([0, 10, 20, 30].map(at), [2, 2, 2, 2]);
		assert.deepEqual([40, 60, 80, 100, 120, 150].map(at), [4, 10, 21, 35, 48, 56]);
		assert.deepEqual([200, 300, 600].map(at), [59, 59, 59]);
		// Only once 100·e^(-t/20) vanishes next to 1 in floating point does it reach the maximum.
		assert.equal(at(3600), 60);
	});
});
