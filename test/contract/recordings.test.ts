import * as assert from 'node:assert/strict';
import { sharedEmulator } from '../emulator/sharedEmulator';
import { checkConformance, type OperationVerdict } from './conformance';
import { usedOperations } from './operations';
import { entryKey, loadRecordings, operationKey } from './recordings';

describe('contract: emulator and core client against recorded Azure ML traffic', function () {
	this.timeout(60_000);
	let verdicts: OperationVerdict[];

	before(async () => {
		({ verdicts } = await checkConformance(await sharedEmulator()));
	});

	it('covers every operation the extension uses that the recordings contain', () => {
		const recorded = new Set(loadRecordings().flatMap((r) => r.entries.map(entryKey)));
		const missing = usedOperations.filter((op) => !recorded.has(op.key)).map((op) => op.key);
		assert.deepEqual(missing, [], 'every used operation is named as the recordings name it');
		assert.equal(verdicts.length, usedOperations.length);
	});

	for (const operation of usedOperations) {
		it(operation.key, () => {
			const verdict = verdicts.find((v) => v.key === operation.key);
			assert.ok(verdict, 'checked');
			assert.deepEqual(verdict.problems, []);
			assert.ok(verdict.samples > 0 && verdict.requests > 0);
		});
	}

	it('names operations as the recordings README does', () => {
		const url = (u: string) => new URL(u);
		assert.equal(
			operationKey('POST', url('https://management.azure.com/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/codes/c/versions/2/startPendingUpload?api-version=2023-04-01')),
			'POST .../workspaces/{ws}/codes/{name}/versions/{version}/startPendingUpload',
		);
		assert.equal(operationKey('PUT', url('https://acct.blob.core.windows.net/c/dir/code.txt?comp=metadata&sig=x')), 'PUT {account}/{container}/{blob-path}?comp=metadata');
		assert.equal(operationKey('GET', url('https://eastus2.api.azureml.ms/discovery')), 'GET {region}.api.azureml.ms/discovery');
	});
});
