import { AzureMlEmulator } from '../emulator/AzureMlEmulator';

/**
 * Starts the Azure ML emulator (with Azurite) and gives the environment that points the extension
 * at it: the emulator is a custom cloud reached with a static token, and tests steer it (faults,
 * scenarios, seeding) through `AZUREML_EXPLORER_EMULATOR_URL`/_emulator/. Integration runs use the
 * fast pace; the demo the interactive one (jobs take about 15 s).
 */
export async function startEmulatorWithEnv(pace: 'fast' | 'interactive' = 'fast'): Promise<{ emulator: AzureMlEmulator; env: Record<string, string> }> {
	const emulator = await AzureMlEmulator.start({ pace });
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
