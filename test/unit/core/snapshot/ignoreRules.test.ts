import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadIgnoreRules } from '../../../../src/core/snapshot/ignoreRules';

/** The table Local's Python tests read too (python/tests/test_ignore_table.py). */
const table = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'ignoreRules.json');

interface Group {
	readonly name: string;
	readonly patterns: readonly string[];
	readonly cases: Readonly<Record<string, boolean>>;
}

describe('snapshot ignore rules: the table shared with Local', () => {
	const groups = (JSON.parse(readFileSync(table, 'utf8')) as { groups: Group[] }).groups;
	let root: string;
	beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'ignore-table-'))));
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('has the cases', () => assert.ok(groups.length > 20));

	for (const group of groups) {
		it(`gives git's answers: ${group.name}`, async () => {
			writeFileSync(path.join(root, '.amlignore'), `${group.patterns.join('\n')}\n`);
			const rules = await loadIgnoreRules(root);
			for (const [relative, expected] of Object.entries(group.cases)) {
				assert.equal(rules.ignores(relative), expected, `${JSON.stringify(group.patterns)} on ${relative}`);
			}
		});
	}
});
