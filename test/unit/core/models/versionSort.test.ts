import * as assert from 'node:assert/strict';
import { bestVersion, compareVersionNumbers, describeSort, numericProperties, numericValue, sortVersions, type VersionProperties } from '../../../../src/core/models/versionSort';

const v = (version: string, properties: Record<string, string>): VersionProperties => ({ version, properties });

describe('sorting model versions by a numeric property', () => {
	const versions = [
		v('1', { val_accuracy: '0.91', val_loss: '0.30' }),
		v('2', { val_accuracy: '0.9871', val_loss: '0.05' }),
		v('3', { framework: 'numpy' }),
		v('10', { val_accuracy: '0.95', val_loss: 'n/a' }),
	];

	it('puts the highest value first, as numbers rather than text', () => {
		const sorted = sortVersions([v('1', { m: '9' }), v('2', { m: '10' }), v('3', { m: '-1e3' })], { property: 'm', direction: 'highest' });
		assert.deepEqual(sorted.map((x) => x.version), ['2', '1', '3']);
	});

	it('puts the lowest value first when asked, and versions without a number last', () => {
		const sorted = sortVersions(versions, { property: 'val_loss', direction: 'lowest' });
		assert.deepEqual(sorted.map((x) => x.version), ['2', '1', '10', '3']);
	});

	it('breaks ties by the newest version number (10 after 9, not after 1)', () => {
		const sorted = sortVersions([v('9', { m: '1' }), v('10', { m: '1' }), v('2', {})], { property: 'm', direction: 'highest' });
		assert.deepEqual(sorted.map((x) => x.version), ['10', '9', '2']);
	});

	it('leaves its input as it was', () => {
		const input = [...versions];
		sortVersions(input, { property: 'val_accuracy', direction: 'highest' });
		assert.deepEqual(input, versions);
	});

	it('picks the best version, and none when no version has the number', () => {
		assert.equal(bestVersion(versions, { property: 'val_accuracy', direction: 'highest' })?.version, '2');
		assert.equal(bestVersion(versions, { property: 'val_accuracy', direction: 'lowest' })?.version, '1');
		assert.equal(bestVersion(versions, { property: 'framework', direction: 'highest' }), undefined);
		assert.equal(bestVersion([], { property: 'x', direction: 'highest' }), undefined);
	});

	it('lists only the properties that hold a number somewhere', () => {
		assert.deepEqual(numericProperties(versions), ['val_accuracy', 'val_loss']);
	});

	it('reads numbers as the service stores them: strings, with exponents, never NaN or blanks', () => {
		assert.equal(numericValue(' 0.5 '), 0.5);
		assert.equal(numericValue('1e-05'), 1e-5);
		for (const text of ['', ' ', 'nan', 'NaN', 'inf', 'Infinity', '0.5x', undefined]) {
			assert.equal(numericValue(text), undefined, String(text));
		}
	});

	it('compares integer versions as numbers and other labels as text', () => {
		assert.ok(compareVersionNumbers('2', '10') < 0);
		assert.ok(compareVersionNumbers('b', 'a') > 0);
		assert.equal(describeSort({ property: 'val_loss', direction: 'lowest' }), 'val_loss, lowest first');
	});
});
