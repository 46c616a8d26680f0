// `npm run emulator`: the emulator and Azurite on loopback, for trying the extension by hand.
// Options: --port <n> (default 0: a free port), --scenario <file.json>, --pace fast|interactive.
import { AzureMlEmulator } from './AzureMlEmulator';
import { loadScenarioFile, type ScenarioFile } from './scenario';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
	const scenarioFile = option('scenario');
	const file: ScenarioFile = scenarioFile ? loadScenarioFile(scenarioFile) : {};
	const pace = option('pace') === 'fast' ? 'fast' : 'interactive';
	const emulator = await AzureMlEmulator.start({ port: Number(option('port') ?? 0), pace, scenario: file.job, lro: file.lro });
	const info = emulator.info();
	const settings = {
		'azuremlExplorer.cloud': 'Custom',
		'azuremlExplorer.customCloud.armEndpoint': info.armEndpoint,
		'azuremlExplorer.customCloud.blobEndpointTemplate': info.blobEndpointTemplate,
	};
	console.log(`Azure ML emulator listening on ${info.origin} (blobs: Azurite at ${info.azurite}, through the emulator's proxy)

Point the extension at it with these settings (settings.json):
${JSON.stringify(settings, undefined, 2)}
and start VS Code with the emulator's token in the environment (tokens never go in settings):
  AZUREML_EXPLORER_STATIC_TOKEN=${info.token}

Or, without settings, with environment variables only:
  AZUREML_EXPLORER_ARM_ENDPOINT=${info.armEndpoint}
  AZUREML_EXPLORER_BLOB_ENDPOINT_TEMPLATE=${info.blobEndpointTemplate}
  AZUREML_EXPLORER_STATIC_TOKEN=${info.token}

Seeded: subscription ${info.subscriptionId}, workspace ${info.resourceGroup}/${info.workspace} (also rg-other/ws-other).
Steer it: ${info.origin}/_emulator/info, /_emulator/faults, /_emulator/scenario, /_emulator/jobs/seed (see test/emulator/README.md).
Ctrl+C stops it.`);
	const stop = () => {
		void emulator.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
