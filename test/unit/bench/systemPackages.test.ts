import * as assert from 'node:assert/strict';
import { missingSystemPackages } from '../../../bench/systemPackages';

describe('a benchmark without its system packages', () => {
	const chromium = { name: 'chromium', file: '/usr/bin/chromium' };

	it('names what is missing and how to install it on Debian', () => {
		assert.equal(missingSystemPackages([chromium], () => false), 'missing system packages: chromium (Debian: apt-get install chromium)');
	});

	it('lists only the missing ones, in one install command', () => {
		const needed = [chromium, { name: 'ripgrep', file: '/usr/bin/rg' }, { name: 'openssl', file: '/usr/bin/openssl' }];
		assert.equal(missingSystemPackages(needed, (file) => file === '/usr/bin/rg'), 'missing system packages: chromium, openssl (Debian: apt-get install chromium openssl)');
	});

	it('has nothing to say when everything is there', () => {
		assert.equal(missingSystemPackages([chromium], () => true), undefined);
	});
});
