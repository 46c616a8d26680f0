import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandId } from '../../src/ui/commands/commandIds';

interface Manifest {
	activationEvents?: string[];
	contributes: { commands: { command: string; category?: string }[]; configuration?: { properties: Record<string, unknown> } };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
	it('contributes exactly the commands in CommandId, all in the "Azure ML" category', () => {
		assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(CommandId).sort());
		for (const command of manifest.contributes.commands) {
			assert.equal(command.category, 'Azure ML', command.command);
		}
	});

	it('never activates eagerly', () => {
		const events = manifest.activationEvents ?? [];
		assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
	});

	it('prefixes every setting with azuremlExplorer.', () => {
		for (const key of Object.keys(manifest.contributes.configuration?.properties ?? {})) {
			assert.ok(key.startsWith('azuremlExplorer.'), key);
		}
	});
});
