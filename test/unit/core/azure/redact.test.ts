import * as assert from 'node:assert/strict';
import { redact } from '../../../../src/core/azure/redact';

describe('redact', () => {
	it('removes the signature of a SAS URL and keeps the rest', () => {
		const url = 'https://acct.blob.core.windows.net/c/azureml-logs/70_driver_log.txt?sv=2021-08-06&sr=b&sp=r&sig=Abc%2Bdef%3D&se=2026-01-01';
		assert.equal(
			redact(`GET ${url} failed`),
			'GET https://acct.blob.core.windows.net/c/azureml-logs/70_driver_log.txt?sv=2021-08-06&sr=b&sp=r&sig=REDACTED&se=2026-01-01 failed',
		);
	});

	it('removes account keys from connection strings and bare keys', () => {
		const key = 'A'.repeat(86) + '==';
		assert.equal(redact(`DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${key};`), 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=REDACTED;');
		assert.equal(redact(`key is ${key} here`), 'key is REDACTED here');
	});

	it('removes bearer tokens and JWTs', () => {
		const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJl';
		assert.equal(redact(`Authorization: Bearer ${jwt}`), 'Authorization: Bearer REDACTED');
		assert.equal(redact(`token ${jwt}.`), 'token REDACTED.');
	});

	it('removes secret fields from service JSON', () => {
		const body = JSON.stringify({ primaryKey: 'p1', secondaryKey: 's\\"2', secretsType: 'Sas', sasToken: '?sv=1&sig=x' });
		assert.equal(redact(body), '{"primaryKey":"REDACTED","secondaryKey":"REDACTED","secretsType":"Sas","sasToken":"REDACTED"}');
	});

	it('leaves ordinary text alone', () => {
		const text = 'Epoch 3: train_loss=0.1234 val_accuracy=0.97 (run 4b1f9c0e, key=value pairs in prose)';
		assert.equal(redact(text), text);
	});
});
