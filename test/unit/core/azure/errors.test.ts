import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { isAzureError, serviceError, toAzureError, type AzureError } from '../../../../src/core/azure/errors';
import { recordingsDir } from '../../../contract/recordings';


function restError(status: number, body: string, headers: Record<string, string> = {}): RestError {
	const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
	return new RestError(`HTTP ${status}`, { statusCode: status, request, response: { status, request, headers: createHttpHeaders(headers), bodyAsText: body } });
}

describe('errors', () => {
	it('read code and message from a real ARM error body, never the raw body', () => {
		const recording = JSON.parse(fs.readFileSync(path.join(recordingsDir, 'model__crud_file.json'), 'utf8')) as { Entries: { StatusCode: number; ResponseBody: unknown }[] };
		const body = JSON.stringify(recording.Entries.find((e) => e.StatusCode === 404)?.ResponseBody);
		const error = toAzureError(restError(404, body), 'find the latest version of model "m"');
		assert.ok(isAzureError(error, 'azure.notFound'));
		assert.equal(error.code, 'ModelNotFound');
		assert.equal(error.status, 404);
		assert.match(error.message, /^Could not find the latest version of model "m": The specified resource was not found\. Model container with name: test_907403507619 not found\. \(ModelNotFound, HTTP 404\)\. It may have been deleted/);
		assert.doesNotMatch(error.message, /additionalInfo|managementfrontend/);
	});

	it('read MLflow and Storage error bodies', () => {
		assert.deepEqual(serviceError('{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run x not found"}'), { code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run x not found' });
		const xml = '\uFEFF<?xml version="1.0"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.\nRequestId:1</Message></Error>';
		assert.deepEqual(serviceError(xml), { code: 'AuthenticationFailed', message: 'Server failed to authenticate the request.' });
		assert.deepEqual(serviceError('', 'BlobNotFound'), { code: 'BlobNotFound' });
	});

	it('give each failure a kind and an action to take', () => {
		const cases: [number, string, RegExp][] = [
			[400, 'azure.badRequest', /Correct the request/],
			[401, 'azure.unauthorized', /sign in to Azure again/],
			[403, 'azure.forbidden', /check your role/],
			[409, 'azure.conflict', /refresh and try again/],
			[429, 'azure.throttled', /wait a minute/],
			[503, 'azure.serviceError', /try again in a few minutes/],
		];
		for (const [status, kind, advice] of cases) {
			const error = toAzureError(restError(status, '{"error":{"code":"X","message":"said"}}'), 'do it');
			assert.ok(isAzureError(error, kind as AzureError['kind']), `${status} → ${(error as AzureError).kind}`);
			assert.match(error.message, advice);
			assert.match(error.message, /^Could not do it: said \(X, HTTP \d+\)\./);
		}
	});

	it('say how long a throttling service asked to wait', () => {
		const error = toAzureError(restError(429, '', { 'Retry-After': '90' }), 'list jobs');
		assert.match(error.message, /The service asked to wait 90 s\./);
	});

	it('turn credential and network failures into sign-in and network errors', () => {
		const signIn = Object.assign(new Error('Please run az login'), { name: 'CredentialUnavailableError' });
		assert.ok(isAzureError(toAzureError(signIn, 'list subscriptions'), 'azure.signIn'));
		const network = new RestError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' });
		const error = toAzureError(network, 'list subscriptions');
		assert.ok(isAzureError(error, 'azure.network'));
		assert.match(error.message, /ECONNREFUSED.*Check your network/);
	});

	it('report a failed long-running operation with what the service said', () => {
		const error = toAzureError(new Error('The long-running operation has failed. QuotaExceeded. Not enough cores'), 'create compute "c"');
		assert.ok(isAzureError(error, 'azure.operationFailed'));
		assert.match(error.message, /create compute "c": the service reported that the operation failed \(QuotaExceeded\. Not enough cores\)/);
	});

	it('let cancellation through untouched and redact secrets from messages', () => {
		const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
		assert.equal(toAzureError(abort, 'x'), abort);
		const error = toAzureError(restError(403, '<Error><Code>AuthenticationFailed</Code><Message>bad sig</Message></Error>'), 'read https://a.blob.core.windows.net/c/b?sv=1&sig=SECRET');
		assert.doesNotMatch(error.message, /SECRET/);
		assert.match(error.message, /sig=REDACTED/);
	});

	it('recognise their kind by a string field, without instanceof', () => {
		const plain = { kind: 'azure.notFound', message: 'from the other bundle' };
		assert.ok(isAzureError(plain, 'azure.notFound'));
		assert.ok(!isAzureError({ kind: 'userCancelled' }));
		assert.ok(!isAzureError(undefined));
	});
});
