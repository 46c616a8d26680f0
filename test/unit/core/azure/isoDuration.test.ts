import * as assert from 'node:assert/strict';
import { isoDurationToSeconds, secondsToIsoDuration } from '../../../../src/core/azure/isoDuration';

describe('ISO 8601 durations', () => {
	it('spells seconds as azure-ai-ml does (isodate.duration_isoformat)', () => {
		// 100 s and 200 s are the values in the recorded cluster create and update.
		assert.equal(secondsToIsoDuration(100), 'PT1M40S');
		assert.equal(secondsToIsoDuration(200), 'PT3M20S');
		assert.equal(secondsToIsoDuration(120), 'PT2M');
		assert.equal(secondsToIsoDuration(2400), 'PT40M');
		assert.equal(secondsToIsoDuration(3600), 'PT1H');
		assert.equal(secondsToIsoDuration(3661), 'PT1H1M1S');
		assert.equal(secondsToIsoDuration(90_000), 'P1DT1H');
		assert.equal(secondsToIsoDuration(86_400), 'P1D');
		assert.equal(secondsToIsoDuration(0), 'P0D');
	});

	it('refuses what is not a whole number of seconds', () => {
		assert.throws(() => secondsToIsoDuration(-1), RangeError);
		assert.throws(() => secondsToIsoDuration(1.5), /whole number of seconds/);
	});

	it('reads the spellings the service returns', () => {
		assert.equal(isoDurationToSeconds('PT1M40S'), 100);
		assert.equal(isoDurationToSeconds('PT40M'), 2400);
		assert.equal(isoDurationToSeconds('pt2m'), 120);
		assert.equal(isoDurationToSeconds('P1DT1H'), 90_000);
		assert.equal(isoDurationToSeconds('PT0.5S'), 1);
		assert.equal(isoDurationToSeconds('P1W'), 604_800);
		for (const n of [0, 59, 60, 2400, 86_399, 123_456]) {
			assert.equal(isoDurationToSeconds(secondsToIsoDuration(n)), n);
		}
	});

	it('returns undefined for what is not a duration', () => {
		for (const bad of ['', 'P', 'PT', '120', 'P1Y', 'PT-5S', 'P1DT']) {
			assert.equal(isoDurationToSeconds(bad), undefined, bad);
		}
	});
});
