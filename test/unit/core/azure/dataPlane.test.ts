import * as assert from 'node:assert/strict';
import { discoverServices } from '../../../../src/core/azure/discovery';
import { isAzureError } from '../../../../src/core/azure/errors';
import { getMetricHistory, getMetricHistoryPage, getMlflowRun, mlflowBase, searchMlflowRuns } from '../../../../src/core/azure/mlflow';
import { getRunDetails } from '../../../../src/core/azure/runHistory';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { putCommandJob } from '../../../../src/core/backends/azure/jobs';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { seedMetric } from '../../../emulator/seed';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';
import { waitForStatus } from './waitForStatus';

describe('data plane: discovery, run history, MLflow', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;

	before(async () => {
		emulator = await sharedEmulator();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
		await putCommandJob(workspace, 'dp-run', { command: 'python train.py', environmentId: 'azureml:env:1', experimentName: 'dp', inputs: { lr: { jobInputType: 'literal', value: '0.01' } } });
		await waitForStatus(workspace, 'dp-run', 'Completed');
	});

	it('builds the MLflow base from the tracking URI: https, or http only on loopback', () => {
		assert.equal(mlflowBase('azureml://eastus2.api.azureml.ms/mlflow/v1.0/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w'), 'https://eastus2.api.azureml.ms/mlflow/v1.0/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w');
		assert.equal(mlflowBase('azureml://127.0.0.1:5000/mlflow/v1.0/x?'), 'http://127.0.0.1:5000/mlflow/v1.0/x');
		assert.throws(() => mlflowBase('https://example.com/mlflow'), (e: unknown) => isAzureError(e, 'azure.config'));
	});

	it('discovers the api base', async () => {
		const services = await discoverServices(workspace.connection.anonymousHttp, (await workspace.properties()).discoveryUrl!);
		assert.equal(services.api, emulator.origin);
	});

	it('reads run details with status and log SAS URLs', async () => {
		const details = await getRunDetails(workspace.connection.http, await workspace.apiBase(), workspace.ref, 'dp-run');
		assert.equal(details.status, 'Completed');
		assert.ok(details.startTimeUtc && details.endTimeUtc);
		assert.deepEqual(Object.keys(details.logFiles ?? {}), ['azureml-logs/70_driver_log.txt']);
		assert.match(details.logFiles!['azureml-logs/70_driver_log.txt'], /^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/azureml-[^/]+\/ExperimentRun\/dcid\.dp-run\/azureml-logs\/70_driver_log\.txt\?.*sig=/);
	});

	it('reads the MLflow run with the latest value of each metric', async () => {
		const run = await getMlflowRun(workspace.connection.http, await workspace.mlflowBase(), 'dp-run');
		assert.equal(run.info.status, 'FINISHED');
		assert.deepEqual(run.data?.metrics?.map((m) => [m.key, m.step]).sort(), [['train_loss', 3], ['val_accuracy', 3], ['val_loss', 3]]);
		assert.deepEqual(run.data?.params, [{ key: 'lr', value: '0.01' }]);
	});

	it('says which MLflow run is missing', async () => {
		await assert.rejects(getMlflowRun(workspace.connection.http, await workspace.mlflowBase(), 'ghost'), (e: unknown) => {
			assert.ok(isAzureError(e, 'azure.notFound'));
			assert.equal(e.code, 'RESOURCE_DOES_NOT_EXIST');
			return true;
		});
	});

	it('follows page tokens through a metric with 1,000,000 points', async function () {
		this.timeout(60_000);
		const ws = emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!;
		seedMetric(emulator.context, ws, 'big-run', 'loss', 1_000_000);
		const base = await workspace.mlflowBase();
		const first = await getMetricHistoryPage(workspace.connection.http, base, 'big-run', 'loss');
		assert.equal(first.metrics.length, 25_000);
		assert.ok(first.nextPageToken);
		emulator.clearRequests();
		const all = await getMetricHistory(workspace.connection.http, base, 'big-run', 'loss');
		assert.equal(all.length, 1_000_000);
		assert.equal(all[999_999].step, 999_999);
		assert.equal(emulator.requests().length, 40);
	});

	it('searches runs of an experiment', async () => {
		const run = await getMlflowRun(workspace.connection.http, await workspace.mlflowBase(), 'dp-run');
		const found = await searchMlflowRuns(workspace.connection.http, await workspace.mlflowBase(), { experimentIds: [run.info.experiment_id!] });
		assert.deepEqual(
			found.runs.map((r) => r.info.run_id),
			['dp-run'],
		);
	});
});
