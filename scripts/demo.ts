// `npm run demo`: opens VS Code with the extension loaded from this working tree and a workspace
// holding the Python samples, so a newcomer can submit a sample to Local at once. Uses desktop
// VS Code when `code` is on PATH, else code-server on 127.0.0.1 (open the printed URL).
// `npm run demo -- --emulator` also starts the Azure ML emulator and signs the extension in to it, so
// the Azure side (tree, submit, logs, metrics) can be tried without an Azure account.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { AzureMlEmulator } from '../test/emulator/AzureMlEmulator';
import { projectRoot, startCodeServer } from '../test/integration/codeServer';
import { startEmulatorWithEnv } from '../test/integration/emulatorEnv';

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

async function startEmulator(): Promise<{ emulator: AzureMlEmulator; env: Record<string, string> }> {
	const azure = await startEmulatorWithEnv('interactive');
	const info = azure.emulator.info();
	console.log(`Azure ML emulator on ${info.origin}: subscription ${info.subscriptionId}, workspace ${info.resourceGroup}/${info.workspace}.`);
	return azure;
}

async function main(): Promise<void> {
	prepareWorkspace();
	const azure = process.argv.includes('--emulator') ? await startEmulator() : undefined;
	if (spawnSync('sh', ['-c', 'command -v code']).status === 0 && !process.env.AZUREML_EXPLORER_DEMO_WEB) {
		// With the emulator, wait for the window so the emulator lives exactly as long as it.
		const wait = azure ? ['--wait'] : [];
		const desktop = spawn('code', [...wait, '--extensionDevelopmentPath', projectRoot, workspace], {
			stdio: 'inherit',
			env: { ...process.env, ...azure?.env },
		});
		console.log(`Opened VS Code on ${workspace} with Azure ML Explorer from ${projectRoot}.`);
		if (azure) {
			console.log('The emulator runs until that VS Code window closes.');
			desktop.once('exit', () => void azure.emulator.stop().then(() => process.exit(0)));
		}
		return;
	}
	const server = await startCodeServer(azure?.env);
	const url = server.url(workspace, [['extensionDevelopmentPath', server.remoteUri(projectRoot)]]);
	console.log(`\nAzure ML Explorer demo is running. Open this URL in a browser:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
	const stop = () => void Promise.all([server.stop(), azure?.emulator.stop()]).then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (!existsSync(path.join(projectRoot, 'python', 'samples'))) {
	console.error('python/samples is missing');
	process.exit(1);
}
void main();
