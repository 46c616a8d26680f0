import * as vscode from 'vscode';
import { azureCurlCommand, placeholderBodyFile } from '../../core/endpoints/curlCommand';
import { azureModule } from '../azure/azureModule';
import { endpointTargetOf } from './endpointTarget';

/**
 * Copies a curl command that POSTs to an online endpoint's scoring URI with the key left as
 * $AZUREML_ENDPOINT_KEY (never the key itself); on a deployment node it targets that deployment.
 */
export async function copyAzureCurl(node?: unknown): Promise<string> {
	const { workspace, endpoint, deployment } = endpointTargetOf(node, 'Copy as curl');
	const azure = await azureModule();
	const current = await azure.getOnlineEndpoint(workspace, endpoint);
	const scoringUri = current.properties.scoringUri;
	if (!scoringUri) {
		throw new Error(`Endpoint "${endpoint}" has no scoring URI yet (state: ${current.properties.provisioningState ?? 'unknown'}).`);
	}
	// The deployment the call reaches: the one asked for, else the one with the largest traffic share.
	const answering = deployment ?? Object.entries(current.properties.traffic ?? {}).sort(([, a], [, b]) => b - a)[0]?.[0];
	const script = answering ? (await azure.getDeployment(workspace, endpoint, answering)).properties.codeConfiguration?.scoringScript : undefined;
	const scoringScript = script ? await localScoringScript(script) : undefined;
	const command = azureCurlCommand({ scoringUri, deployment, scoringScript, platform: process.platform });
	await vscode.env.clipboard.writeText(command);
	const body = scoringScript ? 'the sample request beside the scoring script' : `${placeholderBodyFile} (write the request body there)`;
	void vscode.window.showInformationMessage(`Copied a curl call to "${endpoint}" posting ${body}; set AZUREML_ENDPOINT_KEY to the endpoint's key (Copy Key) first.`);
	return command;
}

/** The workspace's copy of a deployed scoring script, when exactly one file matches its path in the code folder. */
async function localScoringScript(script: string): Promise<string | undefined> {
	const relative = script.replace(/\\/g, '/').replace(/^\.?\//, '');
	const found = await vscode.workspace.findFiles(`**/${relative}`, '{**/node_modules/**,**/.venv/**}', 2);
	return found.length === 1 ? found[0].fsPath : undefined;
}
