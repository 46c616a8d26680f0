import * as vscode from 'vscode';
import { azureModule } from '../azure/azureModule';
import { endpointTargetOf } from './endpointTarget';

/**
 * Copies an online endpoint's primary key, read only now that it is asked for; the key goes to the
 * clipboard and nowhere else (no message, log or error holds it). Token endpoints have no key.
 */
export async function copyEndpointKey(node?: unknown): Promise<boolean> {
	const { workspace, endpoint } = endpointTargetOf(node, 'Copy Key');
	const azure = await azureModule();
	const current = await azure.getOnlineEndpoint(workspace, endpoint);
	if (current.properties.authMode !== 'Key') {
		const tokens = current.properties.authMode === 'AADToken' ? 'Microsoft Entra tokens' : 'AML tokens';
		void vscode.window.showInformationMessage(`Endpoint "${endpoint}" uses ${tokens}, not keys: a client gets a token, which expires, with "az ml online-endpoint get-credentials".`);
		return false;
	}
	const key = (await azure.getEndpointKeys(workspace, endpoint)).primaryKey;
	if (!key) {
		throw new Error(`Endpoint "${endpoint}" returned no primary key.`);
	}
	await vscode.env.clipboard.writeText(key);
	void vscode.window.showInformationMessage(`Copied the primary key of "${endpoint}".`);
	return true;
}
