import * as assert from 'node:assert/strict';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { openContainer } from '../../../../src/core/azure/blobs';
import { isAzureError } from '../../../../src/core/azure/errors';
import { retryAfterMs } from '../../../../src/core/azure/retryInfo';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { startPendingUpload } from '../../../../src/core/backends/azure/codes';
import { listComputes } from '../../../../src/core/backends/azure/computes';
import { putCommandJob } from '../../../../src/core/backends/azure/jobs';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator, type TestConnection } from '../../../emulator/sharedEmulator';

describe('retryAfterMs', () => {
	const headers = (values: Record<string, string>) => ({ headers: createHttpHeaders(values) });

	it('reads seconds, milliseconds and HTTP dates', () => {
		assert.equal(retryAfterMs(headers({ 'Retry-After': '3' })), 3000);
		assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250' })), 250);
		assert.equal(retryAfterMs(headers({ 'x-ms-retry-after-ms': '40' })), 40);
		const now = Date.parse('2026-01-01T00:00:00Z');
		assert.equal(retryAfterMs(headers({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now), 5000);
		assert.equal(retryAfterMs(headers({})), undefined);
		assert.equal(retryAfterMs(headers({ 'Retry-After': 'soon' })), undefined);
	});

	it('prefers the millisecond headers to Retry-After', () => {
		assert.equal(retryAfterMs(headers({ 'Retry-After': '10', 'retry-after-ms': '5' })), 5);
	});
});

describe('retry policy against the emulator', () => {
	let emulator: AzureMlEmulator;
	let test: TestConnection;
	let workspace: AzureWorkspace;
	const computes = '/computes$';

	before(async () => {
		emulator = await sharedEmulator();
	});

	beforeEach(async () => {
		test = connectTo(emulator);
		workspace = await freshWorkspace(emulator, test.connection);
	});

	afterEach(() => emulator.clearFaults());

	it('honours Retry-After on a 429', async () => {
		emulator.addFault({ kind: 'status', status: 429, headers: { 'Retry-After': '2' }, path: computes });
		await listComputes(workspace);
		assert.deepEqual(
			test.retries.map((r) => [r.delayMs, r.reason]),
			[[2000, 'HTTP 429, Retry-After']],
		);
	});

	it('honours retry-after-ms and x-ms-retry-after-ms, and a 503 that names a wait', async () => {
		emulator.addFault({ kind: 'status', status: 429, headers: { 'retry-after-ms': '1500' }, path: computes });
		emulator.addFault({ kind: 'status', status: 503, headers: { 'x-ms-retry-after-ms': '700' }, path: computes });
		await listComputes(workspace);
		assert.deepEqual(
			test.retries.map((r) => r.delayMs),
			[1500, 700],
		);
	});

	it('retries a 429 without Retry-After with exponential back-off', async () => {
		emulator.addFault({ kind: 'status', status: 429, path: computes, times: 2 });
		const page = await listComputes(workspace);
		assert.equal(page.items.length, 0);
		assert.equal(test.retries.length, 2);
		assert.ok(test.retries[0].delayMs >= 500 && test.retries[0].delayMs <= 1000, `first wait ${test.retries[0].delayMs}`);
		assert.ok(test.retries[1].delayMs >= 1000 && test.retries[1].delayMs <= 2000, `second wait ${test.retries[1].delayMs}`);
		assert.deepEqual(
			test.retries.map((r) => r.reason),
			['HTTP 429', 'HTTP 429'],
		);
	});

	it('retries 500, 503 and 408 and then succeeds', async () => {
		for (const status of [500, 503, 408]) {
			emulator.addFault({ kind: 'status', status, path: computes });
		}
		await listComputes(workspace);
		assert.deepEqual(
			test.retries.map((r) => r.reason),
			['HTTP 500', 'HTTP 503', 'HTTP 408'],
		);
	});

	it('gives up after 3 retries with an error that says what failed and what to do', async () => {
		emulator.addFault({ kind: 'status', status: 503, path: computes, times: 0 });
		await assert.rejects(listComputes(workspace), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.serviceError'));
			assert.equal(error.status, 503);
			assert.match(error.message, /^Could not list the computes of workspace "ws-test-\d+-\d+" after 3 retries: Fault injected by the emulator \(HTTP 503\)\. \(InternalServerError, HTTP 503\)\. The service had a problem: try again in a few minutes\.$/);
			return true;
		});
		assert.equal(test.retries.length, 3);
	});

	it('retries a connection reset in the middle of the body', async () => {
		emulator.addFault({ kind: 'reset', path: computes });
		const page = await listComputes(workspace);
		assert.equal(page.items.length, 0);
		assert.deepEqual(
			test.retries.map((r) => r.reason),
			['connection dropped while reading the answer'],
		);
	});

	it('retries a truncated body', async () => {
		emulator.addFault({ kind: 'truncate', path: computes, times: 2 });
		await listComputes(workspace);
		assert.equal(test.retries.length, 2);
	});

	it('reports a network failure clearly once retries run out', async () => {
		emulator.addFault({ kind: 'reset', path: computes, times: 0 });
		await assert.rejects(listComputes(workspace), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.network'));
			assert.match(error.message, /^Could not list the computes of workspace "[^"]+" after 3 retries: .*Check your network connection/);
			return true;
		});
	});

	it('does not retry a 400 and passes on what the service said', async () => {
		await assert.rejects(
			putCommandJob(workspace, 'bad-job', { command: 'python train.py', environmentId: 'azureml:env:1', computeId: `${workspace.armId}/computes/nowhere` }),
			(error: unknown) => {
				assert.ok(isAzureError(error, 'azure.badRequest'));
				assert.equal(error.code, 'ComputeNotFound');
				assert.match(error.message, /^Could not submit job "bad-job" to workspace "[^"]+": Request is invalid and\/or missing fields\. Compute nowhere not found in workspace [^ ]+\. \(ComputeNotFound, HTTP 400\)\. Correct the request/);
				return true;
			},
		);
		assert.equal(test.retries.length, 0);
	});

	it('answers an expired token once with a fresh one from the credential', async () => {
		emulator.addFault({ kind: 'expiredToken', path: computes });
		const computesBefore = emulator.requests().filter((r) => r.path.includes('/computes')).length;
		await listComputes(workspace);
		assert.equal(emulator.requests().filter((r) => r.path.includes('/computes')).length - computesBefore, 2);
		assert.equal(test.retries.length, 0);
	});

	it('fails on a token that stays expired and asks to sign in again', async () => {
		emulator.addFault({ kind: 'expiredToken', path: computes, times: 2 });
		await assert.rejects(listComputes(workspace), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.unauthorized'));
			assert.equal(error.code, 'ExpiredAuthenticationToken');
			assert.match(error.message, /earlier than current UTC time .*sign in to Azure again/);
			return true;
		});
		assert.equal(test.retries.length, 0);
	});

	it('rejects a wrong token with 401', async () => {
		const stranger = connectTo(emulator, { token: 'someone-elses-token' });
		await assert.rejects(listComputes(await freshWorkspace(emulator, stranger.connection)), (error: unknown) => isAzureError(error, 'azure.unauthorized'));
	});

	it('does not wait longer than the cap and says how long the service asked for', async () => {
		emulator.addFault({ kind: 'status', status: 429, headers: { 'Retry-After': '3600' }, path: computes });
		await assert.rejects(listComputes(workspace), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.throttled'));
			assert.match(error.message, /The service asked to wait 3600 s\. The service is throttling requests/);
			return true;
		});
		assert.equal(test.retries.length, 0);
	});

	it('can be cancelled while it waits to retry', async () => {
		emulator.addFault({ kind: 'status', status: 429, headers: { 'Retry-After': '60' }, path: computes });
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 30);
		const slow = connectTo(emulator, { timeScale: 1 });
		const slowWorkspace = await freshWorkspace(emulator, slow.connection);
		await assert.rejects(listComputes(slowWorkspace, undefined, controller.signal), (error: unknown) => (error as Error).name === 'AbortError');
		assert.ok(Date.now() - started < 5000);
	});

	it('waits out added latency', async () => {
		emulator.addFault({ kind: 'latency', latencyMs: 150, path: computes });
		const started = Date.now();
		await listComputes(workspace);
		assert.ok(Date.now() - started >= 140);
		assert.equal(test.retries.length, 0);
	});

	it('also drives the blob clients (uploads retry a 503)', async () => {
		const upload = await startPendingUpload(workspace, 'code', '1');
		emulator.addFault({ kind: 'status', status: 503, path: '/code\\.txt$', method: 'PUT' });
		const container = openContainer(test.connection, { kind: 'sasUrl', url: upload.sasUri });
		await container.getBlockBlobClient('code.txt').upload('print(1)\n', 9);
		assert.deepEqual(
			test.retries.map((r) => r.reason),
			['HTTP 503'],
		);
		assert.equal((await container.getBlockBlobClient('code.txt').downloadToBuffer()).toString(), 'print(1)\n');
	});
});
