import * as assert from 'node:assert/strict';
import { armRaw } from '../../../../src/core/azure/armRaw';
import { customCloud } from '../../../../src/core/azure/clouds';
import { AzureConnection } from '../../../../src/core/azure/AzureConnection';
import { isAzureError } from '../../../../src/core/azure/errors';
import { AzureHttp } from '../../../../src/core/azure/AzureHttp';
import { StaticTokenCredential } from '../../../../src/core/azure/StaticTokenCredential';
import { AzureRunBackend } from '../../../../src/core/backends/azure/AzureRunBackend';
import { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import type { Logger } from '../../../../src/core/logger';
import { sharedEmulator } from '../../../emulator/sharedEmulator';

describe('request policies', () => {
	it('refuse plain http to anything but loopback, before sending a token', async () => {
		const http = new AzureHttp({ token: { credential: new StaticTokenCredential('secret'), scope: 'https://management.azure.com/.default', cloud: customCloud({ armEndpoint: 'http://127.0.0.1:1' }) } });
		await assert.rejects(http.json('http://management.example.com/subscriptions', 'list subscriptions'), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.config'));
			assert.match(error.message, /Refusing to call management\.example\.com over plain http/);
			return true;
		});
	});

	it('send the ARM token only to the ARM endpoint, whatever a nextLink says', async () => {
		const emulator = await sharedEmulator();
		const connection = new AzureConnection({ cloud: customCloud({ armEndpoint: emulator.origin }), credential: new StaticTokenCredential(emulator.token) });
		await assert.rejects(armRaw(connection, 'https://evil.example/subscriptions?$skip=1', '2022-12-01', 'list subscriptions'), /Refusing to follow a link to https:\/\/evil\.example/);
	});

	it('log every request with its status, and never a token or a signature', async () => {
		const emulator = await sharedEmulator();
		const lines: string[] = [];
		const capture = (line: string | Error) => lines.push(String(line));
		const logger: Logger = { trace: capture, debug: capture, info: capture, warn: capture, error: capture };
		const info = emulator.info();
		const connection = new AzureConnection({
			cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
			credential: new StaticTokenCredential(info.token),
			logger,
			retry: { timeScale: 0.001 },
		});
		const backend = new AzureRunBackend(new AzureWorkspace(connection, info));
		const [file] = await backend.listLogFiles('lenet-mnist-completed');
		emulator.addFault({ kind: 'status', status: 500, path: '70_driver_log' });
		try {
			await file.reader.read(0);
		} finally {
			emulator.clearFaults();
		}
		const blobLines = lines.filter((l) => l.includes('70_driver_log.txt'));
		assert.ok(blobLines.some((l) => /^GET http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/.*sig=REDACTED.* → 206 \(\d+ ms\)$/.test(l)), blobLines.join('\n'));
		assert.ok(lines.some((l) => /^Retrying GET .*sig=REDACTED.* in \d+ ms \(HTTP 500\); retry 1 of 3$/.test(l)), lines.join('\n'));
		const sig = new URL(file.name, 'http://x').searchParams.get('sig');
		assert.equal(sig, null);
		assert.ok(lines.every((l) => !l.includes(info.token) && !/sig=(?!REDACTED)/.test(l)), lines.join('\n'));
	});
});
