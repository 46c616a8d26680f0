import * as assert from 'node:assert/strict';
import { followDeployment, reasonOf, startDeployment, type ArmAnswer, type ArmTransport, type DeploymentStep } from '../../../../src/core/azure/deployments';

interface Sent {
	readonly method: string;
	readonly path: string;
	readonly body?: unknown;
}

/** Answers from a script, records requests and waits; no server, no clock. */
class ScriptedArm implements ArmTransport {
	readonly pollIntervalMs = 5000;
	readonly sent: Sent[] = [];
	readonly waits: number[] = [];

	constructor(private readonly answer: (method: string, path: string) => ArmAnswer) {}

	send(method: 'GET' | 'PUT' | 'POST', path: string, _action: string, body?: unknown): Promise<ArmAnswer> {
		this.sent.push({ method, path, body });
		return Promise.resolve(this.answer(method, path));
	}

	wait(ms: number, signal?: AbortSignal): Promise<void> {
		this.waits.push(ms);
		if (signal?.aborted) {
			return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
		}
		return Promise.resolve();
	}
}

const target = { subscriptionId: 's1', resourceGroup: 'rg', name: 'ws-42' };
const deploymentPath = '/subscriptions/s1/resourcegroups/rg/providers/Microsoft.Resources/deployments/ws-42';
const answer = (body: unknown, headers: Record<string, string> = {}, status = 200): ArmAnswer => ({ status, body, headers: { get: (name) => headers[name] ?? headers[name.toLowerCase()] } });

function operation(type: string, name: string, state: string, extra: Record<string, unknown> = {}) {
	return { operationId: name, properties: { provisioningOperation: 'Create', provisioningState: state, targetResource: { id: `/subscriptions/s1/resourceGroups/rg/providers/${type}/${name}`, resourceType: type, resourceName: name }, ...extra } };
}

describe('ARM deployments', () => {
	it('sends the template as an Incremental deployment at api-version 2020-06-01 and passes on the wait ARM asked for', async () => {
		const arm = new ScriptedArm(() => answer({ properties: { provisioningState: 'Accepted' } }, { 'Retry-After': '3' }, 201));
		const template = { resources: [] };
		assert.deepEqual(await startDeployment(arm, target, template), { retryAfterMs: 3000 });
		assert.deepEqual(arm.sent, [{ method: 'PUT', path: deploymentPath, body: { properties: { template, parameters: {}, mode: 'Incremental' } } }]);
	});

	it('follows the deployment to its end, reporting each change of its resource steps, honouring Retry-After', async () => {
		const states = [
			{ deployment: 'Running', ops: [operation('Microsoft.Storage/storageAccounts', 'sa1', 'Running')], retryAfter: '7' },
			{ deployment: 'Running', ops: [operation('Microsoft.Storage/storageAccounts', 'sa1', 'Running')] },
			{ deployment: 'Running', ops: [operation('Microsoft.Storage/storageAccounts', 'sa1', 'Succeeded'), operation('Microsoft.MachineLearningServices/workspaces', 'ws', 'Running')] },
			{
				deployment: 'Succeeded',
				ops: [
					operation('Microsoft.Storage/storageAccounts', 'sa1', 'Succeeded'),
					operation('Microsoft.MachineLearningServices/workspaces', 'ws', 'Succeeded'),
					{ operationId: 'out', properties: { provisioningOperation: 'EvaluateDeploymentOutput', provisioningState: 'Succeeded', targetResource: { id: deploymentPath } } },
				],
			},
		];
		let round = -1;
		const arm = new ScriptedArm((_method, path) => {
			if (path === deploymentPath) {
				round++;
				const retryAfter = states[round].retryAfter;
				return answer({ properties: { provisioningState: states[round].deployment } }, retryAfter ? { 'Retry-After': retryAfter } : {});
			}
			assert.equal(path, `${deploymentPath}/operations`);
			return answer({ value: states[round].ops });
		});
		const seen: (readonly DeploymentStep[])[] = [];
		const outcome = await followDeployment(arm, target, { firstWaitMs: 1000, onSteps: (steps) => seen.push(steps) });
		assert.equal(outcome.state, 'Succeeded');
		assert.deepEqual(arm.waits, [1000, 7000, 5000, 5000], 'the first wait as the PUT asked, then Retry-After, then the poll interval');
		assert.deepEqual(
			seen.map((steps) => steps.map((s) => `${s.resourceName}:${s.state}`)),
			[['sa1:Running'], ['sa1:Succeeded', 'ws:Running'], ['sa1:Succeeded', 'ws:Succeeded']],
			'an unchanged list is not reported again; the output step is not a resource',
		);
	});

	it('on failure gives the failed resource and the reason from its statusMessage', async () => {
		const failed = operation('Microsoft.KeyVault/vaults', 'kv1', 'Failed', {
			statusCode: 'Conflict',
			statusMessage: { status: 'Failed', error: { code: 'VaultAlreadyExists', message: 'The vault name kv1 is already in use.', details: [] } },
		});
		const arm = new ScriptedArm((_method, path) =>
			path === deploymentPath
				? answer({ properties: { provisioningState: 'Failed', error: { code: 'DeploymentFailed', message: 'At least one resource deployment operation failed.' } } })
				: answer({ value: [operation('Microsoft.Storage/storageAccounts', 'sa1', 'Succeeded'), failed] }),
		);
		const outcome = await followDeployment(arm, target);
		assert.equal(outcome.state, 'Failed');
		assert.deepEqual(outcome.error, { code: 'DeploymentFailed', message: 'At least one resource deployment operation failed.' });
		assert.deepEqual(
			outcome.steps.find((s) => s.state === 'Failed'),
			{ resourceId: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1', resourceType: 'Microsoft.KeyVault/vaults', resourceName: 'kv1', state: 'Failed', reason: { code: 'VaultAlreadyExists', message: 'The vault name kv1 is already in use.' } },
		);
	});

	it('reads every page of the operations list', async () => {
		const arm = new ScriptedArm((_method, path) => {
			if (path === deploymentPath) {
				return answer({ properties: { provisioningState: 'Succeeded' } });
			}
			return path.includes('$skip')
				? answer({ value: [operation('Microsoft.MachineLearningServices/workspaces', 'ws', 'Succeeded')] })
				: answer({ value: [operation('Microsoft.Storage/storageAccounts', 'sa1', 'Succeeded')], nextLink: `https://management.azure.com${deploymentPath}/operations?api-version=2020-06-01&$skip=1` });
		});
		const outcome = await followDeployment(arm, target);
		assert.deepEqual(outcome.steps.map((s) => s.resourceName), ['sa1', 'ws']);
	});

	it('stops waiting when cancelled', async () => {
		const controller = new AbortController();
		const arm = new ScriptedArm(() => answer({ properties: { provisioningState: 'Running' } }));
		controller.abort();
		await assert.rejects(followDeployment(arm, target, { signal: controller.signal }), { name: 'AbortError' });
		assert.deepEqual(arm.sent, []);
	});

	it('reads a reason from each shape statusMessage takes', () => {
		assert.deepEqual(reasonOf({ status: 'Failed', error: { code: 'BadRequest', message: 'Bad.', details: [{ code: 'InvalidName', message: 'Name too long.' }] } }), { code: 'InvalidName', message: 'Bad. Name too long.' });
		assert.deepEqual(reasonOf({ code: 'Conflict', message: 'Taken.' }), { code: 'Conflict', message: 'Taken.' });
		assert.deepEqual(reasonOf('Plain text.'), { message: 'Plain text.' });
		assert.equal(reasonOf(undefined), undefined);
	});
});
