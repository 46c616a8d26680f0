import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { loadScenarioFile } from '../../../emulator/scenario';
import { sharedEmulator } from '../../../emulator/sharedEmulator';

/** The HTTP control API integration tests use from the VS Code extension host (another process). */
describe('emulator control API', () => {
	let emulator: AzureMlEmulator;
	const call = async (method: string, route: string, body?: unknown) => {
		const response = await fetch(`${emulator.origin}/_emulator/${route}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
	};
	const arm = (route: string, token = emulator.token) =>
		fetch(`${emulator.origin}${route}${route.includes('?') ? '&' : '?'}api-version=2022-10-01`, { headers: { Authorization: `Bearer ${token}` } });

	before(async () => {
		emulator = await sharedEmulator();
	});

	afterEach(() => emulator.reset());

	it('says how to point the extension at it', async () => {
		const { body } = await call('GET', 'info');
		assert.equal(body.armEndpoint, emulator.origin);
		assert.equal(body.blobEndpointTemplate, `${emulator.origin}/{account}`);
		assert.equal(body.token, 'emulator-token');
		assert.equal(body.workspace, 'ws-emulator');
	});

	it('injects and clears faults over HTTP', async () => {
		const workspaces = `/subscriptions/${emulator.info().subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces`;
		const added = await call('POST', 'faults', [{ kind: 'status', status: 503, path: 'workspaces$', times: 2 }, { kind: 'expiredToken', path: '^/nowhere' }]);
		assert.equal((added.body.faults as unknown[]).length, 2);
		assert.equal((await arm(workspaces)).status, 503);
		assert.equal((await arm(workspaces)).status, 503);
		assert.equal((await arm(workspaces)).status, 200);
		await call('POST', 'faults', { kind: 'status', status: 429, headers: { 'Retry-After': '7' }, times: 0, path: 'workspaces$' });
		const throttled = await arm(workspaces);
		assert.equal(throttled.status, 429);
		assert.equal(throttled.headers.get('retry-after'), '7');
		assert.equal((await call('DELETE', 'faults')).status, 204);
		assert.equal((await arm(workspaces)).status, 200);
	});

	it('checks bearer tokens on ARM, run history and MLflow', async () => {
		const root = `/subscriptions/${emulator.info().subscriptionId}/resourceGroups/rg-emulator/providers/Microsoft.MachineLearningServices/workspaces/ws-emulator`;
		const missing = await fetch(`${emulator.origin}${root}?api-version=2022-10-01`);
		assert.equal(missing.status, 401);
		assert.match(await missing.text(), /AuthenticationFailed/);
		assert.equal((await arm(root, 'wrong')).status, 401);
		assert.equal((await fetch(`${emulator.origin}/history/v1.0${root}/runs/x/details`)).status, 401);
		assert.equal((await fetch(`${emulator.origin}${root}`, { headers: { Authorization: `Bearer ${emulator.token}` } })).status, 400, 'api-version is required');
	});

	it('changes the scenario and LRO timing of new jobs', async () => {
		const { body } = await call('PUT', 'scenario', { job: { outcome: 'Failed', steps: 2 }, lro: { polls: 3 } });
		assert.equal((body.job as { outcome: string }).outcome, 'Failed');
		assert.equal((body.job as { stepMs: number }).stepMs, 10, 'the rest stays at the base pace');
		assert.deepEqual(body.lro, { polls: 3 });
		await call('POST', 'reset');
		assert.equal(((await call('GET', 'scenario')).body.job as { outcome: string }).outcome, 'Completed');
	});

	it('seeds workspaces, bulk jobs and big metrics, and rejects bad requests clearly', async () => {
		const ws = { subscriptionId: '33333333-3333-4333-8333-333333333333', resourceGroup: 'rg-control', workspace: 'ws-control' };
		assert.equal((await call('POST', 'workspaces', ws)).status, 200);
		assert.deepEqual((await call('POST', 'jobs/seed', { ...ws, count: 120 })).body, { jobs: 120 });
		const page = (await (await arm(`/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}/jobs`)).json()) as { value: unknown[]; nextLink?: string };
		assert.equal(page.value.length, 50);
		assert.match(page.nextLink ?? '', /\$skip=/);
		assert.equal((await call('POST', 'metrics/seed', { ...ws, runId: 'big', key: 'loss', points: 1000 })).status, 200);
		assert.equal((await call('POST', 'jobs/seed', { ...ws, count: -1 })).status, 400);
		assert.match(JSON.stringify((await call('POST', 'metrics/seed', { ...ws, runId: 'big' })).body), /Give runId, key and points/);
		assert.equal((await call('POST', 'jobs/seed', { ...ws, workspace: 'nope', count: 1 })).status, 404);
	});

	it('records the requests it served (without secrets)', async () => {
		await call('DELETE', 'requests');
		await arm(`/subscriptions/${emulator.info().subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces`);
		const { body } = await call('GET', 'requests');
		const [request] = body.requests as { method: string; query: Record<string, string>; headers: Record<string, string> }[];
		assert.equal(request.method, 'GET');
		assert.equal(request.query['api-version'], '2022-10-01');
		assert.equal(request.headers.authorization, 'Bearer <ARM token>');
	});

	it('loads scenario files and says what is wrong with a bad one', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'scenario-'));
		const good = path.join(dir, 'good.json');
		writeFileSync(good, JSON.stringify({ job: { outcome: 'Failed', nodes: 2 }, lro: { ms: 100 } }));
		assert.deepEqual(loadScenarioFile(good), { job: { outcome: 'Failed', nodes: 2 }, lro: { ms: 100 } });
		const bad = path.join(dir, 'bad.json');
		writeFileSync(bad, '[1, 2]');
		assert.throws(() => loadScenarioFile(bad), /must hold a JSON object/);
		assert.throws(() => loadScenarioFile(path.join(dir, 'missing.json')), /Cannot read the scenario file/);
	});
});
