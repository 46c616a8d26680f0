import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandId } from '../../src/ui/commands/commandIds';

interface Manifest {
	activationEvents?: string[];
	categories: string[];
	repository?: { type: string; url: string };
	bugs?: { url: string };
	homepage?: string;
	scripts: Record<string, string>;
	capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string } };
	contributes: {
		commands: { command: string; title: string; category?: string }[];
		menus: Record<string, { command: string; when?: string }[]>;
		configuration?: { properties: Record<string, { scope?: string }> };
	};
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

	it('works in Restricted Mode for browsing, with the settings that pick what runs taken from the user only', () => {
		const untrusted = manifest.capabilities?.untrustedWorkspaces;
		assert.equal(untrusted?.supported, 'limited');
		assert.deepEqual(untrusted.restrictedConfigurations, ['azuremlExplorer.local.python', 'azuremlExplorer.local.store']);
		for (const setting of untrusted.restrictedConfigurations) {
			assert.ok(manifest.contributes.configuration?.properties[setting], `${setting} is not a contributed setting`);
		}
		assert.match(untrusted.description ?? '', /Restricted Mode/);
	});

	it('names its repository, issue tracker and home page, so packaging needs no --allow-missing-repository', () => {
		const home = 'https://github.com/azureml-explorer/azureml-explorer';
		assert.deepEqual(manifest.repository, { type: 'git', url: `${home}.git` });
		assert.deepEqual(manifest.bugs, { url: `${home}/issues` });
		assert.equal(manifest.homepage, `${home}#readme`);
		assert.doesNotMatch(manifest.scripts.package, /--allow-missing-repository/);
	});

	it('is listed under the Azure category', () => {
		assert.ok(manifest.categories.includes('Azure'), manifest.categories.join(', '));
	});

	it('offers Show or Hide Curated Environments by the setting, so the title says what a click does', () => {
		const setting = 'azuremlExplorer.showCuratedEnvironments';
		assert.ok(manifest.contributes.configuration?.properties[setting]);
		const title = (command: string) => manifest.contributes.commands.find((c) => c.command === command)?.title;
		assert.equal(title('azuremlExplorer.showCuratedEnvironments'), 'Show Curated Environments');
		assert.equal(title('azuremlExplorer.hideCuratedEnvironments'), 'Hide Curated Environments');
		for (const menu of ['view/title', 'commandPalette']) {
			const when = (command: string) => manifest.contributes.menus[menu].find((item) => item.command === command)?.when ?? '';
			assert.ok(when('azuremlExplorer.showCuratedEnvironments').includes(`!config.${setting}`), menu);
			const hide = when('azuremlExplorer.hideCuratedEnvironments');
			assert.ok(hide.includes(`config.${setting}`) && !hide.includes(`!config.${setting}`), menu);
		}
	});

	it('prefixes every setting with azuremlExplorer.', () => {
		for (const key of Object.keys(manifest.contributes.configuration?.properties ?? {})) {
			assert.ok(key.startsWith('azuremlExplorer.'), key);
		}
	});
});
