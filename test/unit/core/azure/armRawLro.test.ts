import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { armRawLro, pollDelayMs } from '../../../../src/core/azure/armRaw';
import { AzureConnection } from '../../../../src/core/azure/AzureConnection';
import { customCloud } from '../../../../src/core/azure/clouds';
import { isAzureError } from '../../../../src/core/azure/errors';
import { StaticTokenCredential } from '../../../../src/core/azure/StaticTokenCredential';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

/** A loopback ARM that answers each request with the next scripted answer, and records the paths asked. */
async function scriptedArm(answers: Answer[]): Promise<{ origin: string; asked: string[]; close(): Promise<void> }> {
	const asked: string[] = [];
	const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
		asked.push(`${request.method ?? ''} ${request.url ?? ''}`);
		const answer = answers.shift() ?? { status: 500, body: { error: { code: 'Unscripted', message: 'no answer scripted' } } };
		const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
		response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
		response.end(text);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const close = () =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return { origin, asked, close };
}

/** A poll interval no test could wait out: only the service's Retry-After lets these tests finish. */
const hour = 3_600_000;
const connectionTo = (origin: string) =>
	new AzureConnection({ cloud: customCloud({ armEndpoint: origin }), credential: new StaticTokenCredential('token'), lroPollIntervalMs: hour, retry: { timeScale: 0.001 } });

describe('armRawLro: following long-running operations', () => {
	it('polls Azure-AsyncOperation, waiting as Retry-After asks and reporting each status', async () => {
		const arm = await scriptedArm([
			{ status: 202, headers: { 'Azure-AsyncOperation': '/ops/1?api-version=2022-10-01&service=new', Location: '/results/1', 'Retry-After': '0' } },
			{ status: 200, headers: { 'Retry-After': '0' }, body: { status: 'InProgress' } },
			{ status: 200, body: { status: 'Succeeded' } },
		]);
		try {
			const seen: string[] = [];
			let accepted = 0;
			await armRawLro(connectionTo(arm.origin), '/computes/ci/start', '2022-10-01', 'start compute "ci"', {
				method: 'POST',
				onAccepted: () => accepted++,
				onPoll: (status) => seen.push(status),
			});
			assert.equal(accepted, 1);
			assert.deepEqual(seen, ['InProgress', 'Succeeded']);
			// The status URL exactly as given (no query parameters of the first request added), never the Location.
			assert.deepEqual(arm.asked, ['POST /computes/ci/start?api-version=2022-10-01', 'GET /ops/1?api-version=2022-10-01&service=new', 'GET /ops/1?api-version=2022-10-01&service=new']);
		} finally {
			await arm.close();
		}
	});

	it('falls back to Location when there is no Azure-AsyncOperation, until it stops answering 202', async () => {
		const arm = await scriptedArm([
			{ status: 202, headers: { Location: '/results/2?api-version=2022-10-01', 'Retry-After': '0' } },
			{ status: 202, headers: { Location: '/results/2?api-version=2022-10-01', 'Retry-After': '0' } },
			{ status: 200 },
		]);
		try {
			const seen: string[] = [];
			await armRawLro(connectionTo(arm.origin), '/computes/ci/stop', '2022-10-01', 'stop compute "ci"', { method: 'POST', onPoll: (s) => seen.push(s) });
			assert.deepEqual(seen, ['InProgress', 'Succeeded']);
			assert.deepEqual(arm.asked.slice(1), ['GET /results/2?api-version=2022-10-01', 'GET /results/2?api-version=2022-10-01']);
		} finally {
			await arm.close();
		}
	});

	it("names the service's reason when the operation failed", async () => {
		const arm = await scriptedArm([
			{ status: 202, headers: { 'Azure-AsyncOperation': '/ops/3', 'Retry-After': '0' } },
			{ status: 200, body: { status: 'Failed', error: { code: 'UserError', message: 'The compute instance is in a failed state.' } } },
		]);
		try {
			await assert.rejects(armRawLro(connectionTo(arm.origin), '/computes/ci/restart', '2022-10-01', 'restart compute "ci"', { method: 'POST' }), (error: unknown) => {
				assert.ok(isAzureError(error, 'azure.operationFailed'));
				assert.match(error.message, /Could not restart compute "ci": the service reported that the operation failed \(The compute instance is in a failed state\.\)/);
				return true;
			});
		} finally {
			await arm.close();
		}
	});

	it('stops waiting between polls when cancelled', async () => {
		// No Retry-After: the wait is the hour-long interval, which only the signal can cut short.
		const arm = await scriptedArm([{ status: 202, headers: { 'Azure-AsyncOperation': '/ops/4' } }]);
		try {
			const controller = new AbortController();
			const running = armRawLro(connectionTo(arm.origin), '/computes/ci/start', '2022-10-01', 'start compute "ci"', { method: 'POST', signal: controller.signal, onAccepted: () => controller.abort() });
			await assert.rejects(running, (error: unknown) => (error as Error).name === 'AbortError');
			assert.equal(arm.asked.length, 1, 'no poll after the cancellation');
		} finally {
			await arm.close();
		}
	});

	it('is done at once when the service answers 200 or 204', async () => {
		const arm = await scriptedArm([{ status: 204 }]);
		try {
			await armRawLro(connectionTo(arm.origin), '/computes/gone', '2022-10-01', 'delete compute "gone"', { method: 'DELETE' });
			assert.equal(arm.asked.length, 1);
		} finally {
			await arm.close();
		}
	});

	it('reads Retry-After in seconds or as a date, else uses the interval', () => {
		const headers = (values: Record<string, string>) => ({ headers: { get: (name: string) => values[name] } });
		assert.equal(pollDelayMs(headers({ 'Retry-After': '7' }), 2000), 7000);
		assert.equal(pollDelayMs(headers({ 'Retry-After': 'Sun, 06 Dec 2026 10:00:05 GMT' }), 2000, Date.parse('Sun, 06 Dec 2026 10:00:00 GMT')), 5000);
		assert.equal(pollDelayMs(headers({}), 2000), 2000);
	});
});
