import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureRunBackend } from '../../../src/core/backends/azure/AzureRunBackend';
import type { AzureWorkspace } from '../../../src/core/backends/azure/AzureWorkspace';
import { emulatorRequest } from './emulator';
import { extensionId } from './extension';

type AzureBundle = typeof import('../../../src/azureEntry');

export interface EmulatorWorkspace {
	readonly azure: AzureBundle;
	readonly workspace: AzureWorkspace;
	readonly backend: AzureRunBackend;
}

/**
 * The emulator's seeded workspace, reached as the extension reaches Azure: through its lazily
 * loaded Azure bundle (dist/azure.js), a custom cloud and the static token the runner put in the
 * extension host's environment.
 */
export async function emulatorWorkspace(): Promise<EmulatorWorkspace> {
	const extension = vscode.extensions.getExtension(extensionId);
	if (!extension) {
		throw new Error(`${extensionId} is not installed`);
	}
	const armEndpoint = process.env.AZUREML_EXPLORER_ARM_ENDPOINT;
	const blobEndpointTemplate = process.env.AZUREML_EXPLORER_BLOB_ENDPOINT_TEMPLATE;
	const token = process.env.AZUREML_EXPLORER_STATIC_TOKEN;
	if (!armEndpoint || !blobEndpointTemplate || !token) {
		throw new Error('The emulator environment is not set: run the suite with npm run test:integration');
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle the extension itself loads lazily
	const azure = require(path.join(extension.extensionPath, 'dist', 'azure.js')) as AzureBundle;
	const info = await emulatorRequest<{ subscriptionId: string; resourceGroup: string; workspace: string }>('GET', 'info');
	const connection = new azure.AzureConnection({
		cloud: azure.customCloud({ armEndpoint, blobEndpointTemplate }),
		credential: new azure.StaticTokenCredential(token),
	});
	const workspace = new azure.AzureWorkspace(connection, { subscriptionId: info.subscriptionId, resourceGroup: info.resourceGroup, workspace: info.workspace });
	return { azure, workspace, backend: new azure.AzureRunBackend(workspace) };
}
