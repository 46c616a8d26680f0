import * as assert from 'node:assert/strict';
import { listSubscriptions } from '../../../../src/core/azure/subscriptions';
import { isAzureError } from '../../../../src/core/azure/errors';
import { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { listWorkspaces } from '../../../../src/core/backends/azure/workspaces';
import { seedWorkspace } from '../../../emulator/arm/workspaces';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('subscriptions and workspaces', () => {
	let emulator: AzureMlEmulator;

	before(async () => {
		emulator = await sharedEmulator();
	});

	it('lists the subscriptions the identity can see', async () => {
		const { connection } = connectTo(emulator);
		const page = await listSubscriptions(connection);
		const seeded = page.items.find((s) => s.subscriptionId === emulator.info().subscriptionId);
		assert.ok(seeded);
		assert.equal(seeded.state, 'Enabled');
		assert.ok(seeded.displayName.length > 0);
	});

	it('lists workspaces per subscription and per resource group, with their data-plane URLs', async () => {
		const { connection } = connectTo(emulator);
		const info = emulator.info();
		const all = await listWorkspaces(connection, info.subscriptionId);
		const names = all.items.map((w) => w.name);
		assert.ok(names.includes('ws-emulator') && names.includes('ws-other'), names.join());
		const inGroup = await listWorkspaces(connection, info.subscriptionId, { resourceGroup: 'rg-other' });
		assert.deepEqual(
			inGroup.items.map((w) => w.name),
			['ws-other'],
		);
		const ws = all.items.find((w) => w.name === 'ws-emulator')!;
		assert.equal(ws.discoveryUrl, `${info.origin}/discovery`);
		assert.match(ws.mlFlowTrackingUri ?? '', /^azureml:\/\/127\.0\.0\.1:\d+\/mlflow\/v1\.0\/subscriptions\//);
		assert.equal(ws.location, 'eastus2');
	});

	it('pages workspaces with nextLink, one page per call', async () => {
		const { connection } = connectTo(emulator);
		const subscriptionId = '22222222-2222-4222-8222-222222222222';
		for (let i = 0; i < 5; i++) {
			await seedWorkspace(emulator.context, { subscriptionId, resourceGroup: 'rg-paging', workspace: `ws-page-${i}` });
		}
		emulator.context.settings.listPageSize = 2;
		try {
			const seen: string[] = [];
			let token: string | undefined;
			let pages = 0;
			do {
				const page = await listWorkspaces(connection, subscriptionId, { resourceGroup: 'rg-paging', pageToken: token });
				seen.push(...page.items.map((w) => w.name!));
				token = page.nextPageToken;
				pages++;
			} while (token);
			assert.equal(pages, 3);
			assert.deepEqual(seen, ['ws-page-0', 'ws-page-1', 'ws-page-2', 'ws-page-3', 'ws-page-4']);
		} finally {
			emulator.context.settings.listPageSize = 100;
		}
	});

	it('resolves the data-plane bases of a workspace once', async () => {
		const { connection } = connectTo(emulator);
		const info = emulator.info();
		const workspace = new AzureWorkspace(connection, info);
		emulator.clearRequests();
		assert.equal(await workspace.apiBase(), info.origin);
		assert.equal(await workspace.apiBase(), info.origin);
		assert.match(await workspace.mlflowBase(), /^http:\/\/127\.0\.0\.1:\d+\/mlflow\/v1\.0\/subscriptions\/.+\/workspaces\/ws-emulator$/);
		const calls = emulator.requests().map((r) => `${r.method} ${r.path.replace(/\/subscriptions\/.*/, '/subscriptions/…')}`);
		assert.deepEqual(calls, ['GET /subscriptions/…', 'GET /discovery']);
	});

	it('says which workspace is missing', async () => {
		const { connection } = connectTo(emulator);
		const workspace = new AzureWorkspace(connection, { ...emulator.info(), workspace: 'no-such-ws' });
		await assert.rejects(workspace.apiBase(), (error: unknown) => isAzureError(error, 'azure.notFound') && /Could not read workspace "no-such-ws": The Resource/.test((error as Error).message));
	});
});
