import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { azureCurlCommand, curlCommand } from '../../../../src/core/endpoints/curlCommand';

describe('Copy as curl', () => {
	it('calls a Local endpoint with the body file, quoted for POSIX shells', () => {
		const file = path.posix.join('/home/me/it\'s here', 'sample-request.json');
		assert.equal(
			curlCommand({ scoringUri: 'http://127.0.0.1:5001/score', bodyFile: file, withKey: false, platform: 'linux' }),
			`curl -X POST 'http://127.0.0.1:5001/score' -H 'Content-Type: application/json' --data-binary '@/home/me/it'\\''s here/sample-request.json'`,
		);
	});

	it('reads the key from the environment, never holding it, and names the deployment', () => {
		const command = curlCommand({ scoringUri: 'https://e.westus.inference.ml.azure.com/score', withKey: true, deployment: 'blue', platform: 'darwin' });
		assert.equal(
			command,
			`curl -X POST 'https://e.westus.inference.ml.azure.com/score' -H 'Content-Type: application/json' -H "Authorization: Bearer $AZUREML_ENDPOINT_KEY" -H 'azureml-model-deployment: blue' --data-binary @-`,
		);
	});

	it('quotes for PowerShell on Windows, with curl.exe and $env:', () => {
		const file = path.win32.join('C:\\Users\\me\\My "Models"', 'sample-request.json');
		assert.equal(
			curlCommand({ scoringUri: 'http://127.0.0.1:5001/score', bodyFile: file, withKey: true, platform: 'win32' }),
			'curl.exe -X POST "http://127.0.0.1:5001/score" -H "Content-Type: application/json" -H "Authorization: Bearer $env:AZUREML_ENDPOINT_KEY" --data-binary "@C:\\Users\\me\\My `"Models`"\\sample-request.json"',
		);
	});

	describe('for an Azure endpoint', () => {
		const scoringUri = 'https://scale-it-ep.westus.inference.ml.azure.com/score';

		it('posts the sample request beside the scoring script, with the key variable and the deployment (POSIX)', () => {
			assert.equal(
				azureCurlCommand({ scoringUri, deployment: 'blue', scoringScript: '/home/me/proj/score.py', platform: 'linux' }),
				`curl -X POST '${scoringUri}' -H 'Content-Type: application/json' -H "Authorization: Bearer $AZUREML_ENDPOINT_KEY" -H 'azureml-model-deployment: blue' --data-binary '@/home/me/proj/sample-request.json'`,
			);
		});

		it('joins the sample request with Windows paths and quotes for PowerShell', () => {
			assert.equal(
				azureCurlCommand({ scoringUri, scoringScript: 'C:\\Users\\me\\proj\\score.py', platform: 'win32' }),
				`curl.exe -X POST "${scoringUri}" -H "Content-Type: application/json" -H "Authorization: Bearer $env:AZUREML_ENDPOINT_KEY" --data-binary "@C:\\Users\\me\\proj\\sample-request.json"`,
			);
		});

		it('posts a placeholder body file when the scoring script is not known', () => {
			assert.match(azureCurlCommand({ scoringUri, platform: 'darwin' }), / --data-binary '@request\.json'$/);
			assert.match(azureCurlCommand({ scoringUri, platform: 'win32' }), / --data-binary "@request\.json"$/);
		});
	});
});
