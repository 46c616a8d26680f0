// Sizes of what ships: the release bundles and the .vsix. Targets: extension bundle ≤ 1 MB,
// each webview bundle ≤ 400 KB, .vsix ≤ 3 MB.
import { execSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { round } from './stats';

const root = path.join(__dirname, '..', '..');
const kb = (file: string) => round(statSync(file).size / 1024);

export function run(): Promise<Record<string, unknown>> {
	execSync('npm run package --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const dist = path.join(root, 'dist');
	const webviews = readdirSync(path.join(dist, 'webview')).filter((f) => f.endsWith('.js'));
	const vsix = path.join(root, 'azureml-explorer.vsix');
	const azure = path.join(dist, 'azure.js');
	return Promise.resolve({
		extension_kb: kb(path.join(dist, 'extension.js')),
		// The Azure SDKs live in a second bundle that is only required when Azure is first used.
		...(existsSync(azure) ? { azure_chunk_kb: kb(azure) } : {}),
		webview_kb: Math.max(0, ...webviews.map((f) => kb(path.join(dist, 'webview', f)))),
		webviews: Object.fromEntries(webviews.map((f) => [f.replace(/\.js$/, ''), kb(path.join(dist, 'webview', f))])),
		vsix_kb: kb(vsix),
		vsix_files: zipEntryCount(vsix),
	});
}

/** Reads the entry count from the zip's end-of-central-directory record. */
function zipEntryCount(file: string): number {
	const size = statSync(file).size;
	const tail = Buffer.alloc(Math.min(size, 65_557));
	const fd = openSync(file, 'r');
	readSync(fd, tail, 0, tail.length, size - tail.length);
	closeSync(fd);
	const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	return tail.readUInt16LE(at + 10);
}
