// "Copy as curl": a command a user pastes into a terminal to call an endpoint. The key never goes in
// it: an endpoint with key auth reads it from $AZUREML_ENDPOINT_KEY, which the user sets.

import * as path from 'node:path';

export interface CurlOptions {
	readonly scoringUri: string;
	/** The request body's file; absent for `-d @-` (the body on stdin). */
	readonly bodyFile?: string;
	/** Adds `Authorization: Bearer $AZUREML_ENDPOINT_KEY` (managed online endpoints; not Local ones). */
	readonly withKey: boolean;
	/** Sends the request to this deployment rather than by the endpoint's traffic split. */
	readonly deployment?: string;
	/** `win32` quotes for PowerShell (`$env:` variable); otherwise POSIX shells. */
	readonly platform: NodeJS.Platform;
}

export function curlCommand(options: CurlOptions): string {
	const windows = options.platform === 'win32';
	const quote = (text: string): string => (windows ? `"${text.replace(/"/g, '`"')}"` : `'${text.replace(/'/g, `'\\''`)}'`);
	const keyVariable = windows ? '$env:AZUREML_ENDPOINT_KEY' : '$AZUREML_ENDPOINT_KEY';
	const parts = [windows ? 'curl.exe' : 'curl', '-X', 'POST', quote(options.scoringUri), '-H', quote('Content-Type: application/json')];
	if (options.withKey) {
		// Double quotes, so the shell expands the variable.
		parts.push('-H', `"Authorization: Bearer ${keyVariable}"`);
	}
	if (options.deployment) {
		parts.push('-H', quote(`azureml-model-deployment: ${options.deployment}`));
	}
	parts.push('--data-binary', options.bodyFile ? quote(`@${options.bodyFile}`) : '@-');
	return parts.join(' ');
}

/** The body file a curl for an Azure endpoint posts when no sample request beside its scoring script is known. */
export const placeholderBodyFile = 'request.json';

/**
 * "Copy as curl" for a managed online endpoint: the sample request beside the deployment's local
 * scoring script when it is known (else a placeholder file to write), the key from the environment,
 * and on a deployment its `azureml-model-deployment` header.
 */
export function azureCurlCommand(options: { scoringUri: string; deployment?: string; scoringScript?: string; platform: NodeJS.Platform }): string {
	const paths = options.platform === 'win32' ? path.win32 : path.posix;
	return curlCommand({
		scoringUri: options.scoringUri,
		bodyFile: options.scoringScript ? paths.join(paths.dirname(options.scoringScript), 'sample-request.json') : placeholderBodyFile,
		withKey: true,
		deployment: options.deployment,
		platform: options.platform,
	});
}
