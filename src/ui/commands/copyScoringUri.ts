import * as vscode from 'vscode';
import { azureModule } from '../azure/azureModule';
import { endpointTargetOf } from './endpointTarget';

/** Copies an online endpoint's scoring URI (the key is never copied with it). */
export async function copyScoringUri(node?: unknown): Promise<string> {
	const { workspace, endpoint } = endpointTargetOf(node, 'Copy Scoring URI');
	const azure = await azureModule();
	const current = await azure.getOnlineEndpoint(workspace, endpoint);
	const uri = current.properties.scoringUri;
	if (!uri) {
		throw new Error(`Endpoint "${endpoint}" has no scoring URI yet (state: ${current.properties.provisioningState ?? 'unknown'}).`);
	}
	await vscode.env.clipboard.writeText(uri);
	void vscode.window.showInformationMessage(`Copied the scoring URI of "${endpoint}": ${uri}`);
	return uri;
}
