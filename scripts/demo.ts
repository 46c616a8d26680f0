// `npm run demo`: opens VS Code with the extension loaded from this working tree and a workspace
// holding the Python samples, so a newcomer can submit a sample to Local at once. Uses desktop
// VS Code when `code` is on PATH, else code-server on 127.0.0.1 (open the printed URL).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { projectRoot, startCodeServer } from '../test/integration/codeServer';

const workspace = path.join(projectRoot, '.cache', 'demo-workspace');

function prepareWorkspace(): void {
	mkdirSync(workspace, { recursive: true });
	// Copy the samples in without touching runs or edits a previous demo left there.
	cpSync(path.join(projectRoot, 'python', 'samples'), workspace, {
		recursive: true,
		force: false,
		filter: (source) => !/(__pycache__|[\\/]outputs|[\\/]mlruns)/.test(source),
	});
}

async function main(): Promise<void> {
	prepareWorkspace();
	if (spawnSync('sh', ['-c', 'command -v code']).status === 0 && !process.env.AZUREML_EXPLORER_DEMO_WEB) {
		spawn('code', ['--extensionDevelopmentPath', projectRoot, workspace], { stdio: 'inherit', detached: true }).unref();
		console.log(`Opened VS Code on ${workspace} with Azure ML Explorer from ${projectRoot}.`);
		return;
	}
	const server = await startCodeServer();
	const url = server.url(workspace, [['extensionDevelopmentPath', server.remoteUri(projectRoot)]]);
	console.log(`\nAzure ML Explorer demo is running. Open this URL in a browser:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
	const stop = () => void server.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (!existsSync(path.join(projectRoot, 'python', 'samples'))) {
	console.error('python/samples is missing');
	process.exit(1);
}
void main();
