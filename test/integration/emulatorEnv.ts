import { AzureMlEmulator } from '../emulator/AzureMlEmulator';

/**
 * Starts the Azure ML emulator (with Azurite) for an integration run and gives the environment that
 * points the extension at it: the emulator is a custom cloud reached with a static token, and tests
 * steer it (faults, scenarios, seeding) through `AZUREML_EXPLORER_EMULATOR_URL`/_emulator/.
 */
export async function startEmulatorForSuite(): Promise<{ emulator: AzureMlEmulator; env: Record<string, string> }> {
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	const info = emulator.info();
	return {
		emulator,
		env: {
			AZUREML_EXPLORER_ARM_ENDPOINT: info.armEndpoint,
			AZUREML_EXPLORER_BLOB_ENDPOINT_TEMPLATE: info.blobEndpointTemplate,
			AZUREML_EXPLORER_STATIC_TOKEN: info.token,
			AZUREML_EXPLORER_EMULATOR_URL: info.origin,
		},
	};
}
