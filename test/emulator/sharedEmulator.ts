import { customCloud } from '../../src/core/azure/clouds';
import { AzureConnection } from '../../src/core/azure/AzureConnection';
import type { RetryEvent } from '../../src/core/azure/retry';
import { StaticTokenCredential } from '../../src/core/azure/StaticTokenCredential';
import { AzureWorkspace } from '../../src/core/backends/azure/AzureWorkspace';
import { seedWorkspace } from './arm/workspaces';
import { AzureMlEmulator } from './AzureMlEmulator';
import { stopAfterTests } from './teardown';

let shared: Promise<AzureMlEmulator> | undefined;

/** One emulator (and Azurite) per test run, started on first use; the mocha root hook stops it. */
export function sharedEmulator(): Promise<AzureMlEmulator> {
	if (!shared) {
		const starting = AzureMlEmulator.start({ pace: 'fast' });
		shared = starting;
		stopAfterTests(async () => {
			shared = undefined;
			await (await starting).stop();
		});
	}
	return shared;
}

export interface TestConnection {
	readonly connection: AzureConnection;
	/** Every retry the policy decided on, with the wait it chose before time scaling. */
	readonly retries: RetryEvent[];
}

/** A connection to the emulator as the extension makes one, with waits scaled down 1000× unless told otherwise. */
export function connectTo(emulator: AzureMlEmulator, options: { token?: string; timeScale?: number } = {}): TestConnection {
	const info = emulator.info();
	const retries: RetryEvent[] = [];
	const connection = new AzureConnection({
		cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
		credential: new StaticTokenCredential(options.token ?? emulator.token),
		retry: { timeScale: options.timeScale ?? 0.001, onRetry: (event) => retries.push(event) },
		lroPollIntervalMs: 5,
	});
	return { connection, retries };
}

let counter = 0;

/** A new, empty workspace (with default datastores) so tests do not see each other's resources. */
export async function freshWorkspace(emulator: AzureMlEmulator, connection: AzureConnection): Promise<AzureWorkspace> {
	const info = emulator.info();
	const ref = { subscriptionId: info.subscriptionId, resourceGroup: 'rg-tests', workspace: `ws-test-${process.pid}-${++counter}` };
	await seedWorkspace(emulator.context, ref);
	return new AzureWorkspace(connection, ref);
}
