import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..', '..');

/** The files `npm run package` puts in the .vsix, as `vsce ls` lists them (after .vscodeignore). */
async function packagedFiles(): Promise<string[]> {
	const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
	const { stdout } = await promisify(execFile)(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root });
	return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

describe('the .vsix', () => {
	let files: string[];
	before(async function () {
		this.timeout(60_000);
		files = await packagedFiles();
	});

	it('ships the bundles, the Python harness and samples, media and the docs', () => {
		for (const file of ['main.js', 'dist/extension.js', 'dist/azure.js', 'dist/webview/metrics.js', 'python/run_local.py', 'python/serve_local.py', 'python/localserve/server.py', 'python/samples/mnist/train.py', 'python/samples/mnist/score.py', 'python/samples/mnist/sample-request.json', 'python/samples/currency/tfevents.py', 'python/samples/currency/.amlignore', 'python/samples/README.md', 'media/icon.png', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
			assert.ok(files.includes(file), `${file} is missing from the .vsix`);
		}
	});

	it('ships no sources, tests, compiled tests, source maps or dependencies', () => {
		const unwanted = files.filter((file) => /^(src|test|out|bench|scripts|webview|node_modules|\.cache)\/|^python\/tests\/|\.(ts|map)$/.test(file));
		assert.deepEqual(unwanted, []);
	});

	it('ships every image the README shows', async () => {
		const { readFile } = await import('node:fs/promises');
		const readme = await readFile(path.join(root, 'README.md'), 'utf8');
		const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1].replace(/^\.\//, ''));
		for (const image of images.filter((link) => !/^https?:/.test(link))) {
			assert.ok(files.includes(image), `${image} (shown in README.md) is missing from the .vsix`);
		}
	});
});
