import { createHash } from 'node:crypto';
import { openContainer } from '../../src/core/azure/blobs';
import type { AzureConnection } from '../../src/core/azure/AzureConnection';
import { AzureWorkspace } from '../../src/core/backends/azure/AzureWorkspace';
import { createCodeVersion, findCodeByHash, getCodeVersion, startPendingUpload } from '../../src/core/backends/azure/codes';
import { createAmlCompute, deleteCompute, getCompute } from '../../src/core/backends/azure/computes';
import { createDataVersion, getDataVersion } from '../../src/core/backends/azure/dataAssets';
import { getDatastore, listDatastores, listDatastoreSecrets, openDatastoreContainer } from '../../src/core/backends/azure/datastores';
import { deleteOnlineEndpoint, getOnlineEndpoint, getEndpointToken, createOnlineEndpoint, listDeployments } from '../../src/core/backends/azure/endpoints';
import { createEnvironmentVersion } from '../../src/core/backends/azure/environments';
import { cancelJob, getJob, putCommandJob } from '../../src/core/backends/azure/jobs';
import { commandJobBody } from '../../src/core/jobs/commandJobBody';
import type { CommandJobSpec } from '../../src/core/jobs/commandJobSpec';
import { createModelVersion, getModelVersion, latestModelVersion, listModelVersions } from '../../src/core/backends/azure/models';
import { addCompute } from '../emulator/arm/computes';
import { seedWorkspace } from '../emulator/arm/workspaces';
import type { AzureMlEmulator, RecordedRequest } from '../emulator/AzureMlEmulator';
import { recordedWorkspace } from './prepare';

/**
 * Asks the core client for every recorded operation the extension uses, as the recorded tests
 * did (same kinds of bodies), in a workspace of its own, and returns what the emulator received.
 */
export async function clientRequests(emulator: AzureMlEmulator, connection: AzureConnection): Promise<RecordedRequest[]> {
	const ref = { ...recordedWorkspace, workspace: `client-${Date.now()}` };
	const state = await seedWorkspace(emulator.context, { ...ref, location: 'eastus2' });
	addCompute(state, 'testCompute', { vmSize: 'STANDARD_DS3_V2', scaleSettings: { minNodeCount: 0, maxNodeCount: 2 } }, 'eastus2');
	const workspace = new AzureWorkspace(connection, ref);
	emulator.clearRequests();

	await workspace.apiBase();

	await createAmlCompute(workspace, 'cpu-contract', { vmSize: 'Standard_DS2_v2', minNodes: 0, maxNodes: 2, idleSecondsBeforeScaleDown: 100, description: 'some_desc_aml' });
	await getCompute(workspace, 'cpu-contract');
	await deleteCompute(workspace, 'cpu-contract');

	await listDatastores(workspace);
	const store = await getDatastore(workspace, 'workspaceblobstore');
	await listDatastoreSecrets(workspace, 'workspaceblobstore');
	await (await openDatastoreContainer(workspace, store)).getBlockBlobClient('LocalUpload/0000/data/sample1.csv').exists();

	const content = 'hello world';
	const hash = createHash('sha256').update(content).digest('hex');
	await findCodeByHash(workspace, 'code-contract', hash);
	const upload = await startPendingUpload(workspace, 'code-contract', '1');
	const blob = openContainer(connection, { kind: 'sasUrl', url: upload.sasUri }).getBlockBlobClient('code.txt');
	await blob.exists();
	await blob.upload(content, content.length, { conditions: { ifNoneMatch: '*' } });
	await blob.setMetadata({ name: 'code-contract', version: '1', upload_status: 'completed' });
	await createCodeVersion(workspace, 'code-contract', '1', { codeUri: `${upload.blobUri}/`, hash });
	await getCodeVersion(workspace, 'code-contract', '1');

	await createDataVersion(workspace, 'data-contract', '1', {
		dataType: 'uri_folder',
		dataUri: 'azureml://datastores/workspaceblobstore/paths/LocalUpload/0000/tmp_folder',
		description: 'this is a test dataset',
	});
	await getDataVersion(workspace, 'data-contract', '1');

	await createEnvironmentVersion(workspace, 'env-contract', '1', {
		image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04',
		condaFile: 'channels:\n- conda-forge\ndependencies:\n- python=3.10\n- pip\n- pip:\n  - pandas\nname: example-environment\n',
		description: 'This is description',
	});

	await latestModelVersion(workspace, 'model-contract');
	await createModelVersion(workspace, 'model-contract', '1', {
		modelType: 'mlflow_model',
		modelUri: `azureml://subscriptions/${ref.subscriptionId}/resourcegroups/${ref.resourceGroup}/workspaces/${ref.workspace}/datastores/workspaceblobstore/paths/LocalUpload/0000/model`,
		description: 'this is my test model',
		tags: { foo: 'bar' },
		flavors: { python_function: { data: { loader_module: 'mlflow.sklearn' } } },
	});
	await getModelVersion(workspace, 'model-contract', '1');
	await listModelVersions(workspace, 'model-contract');

	// The body Submit Script as Job sends (not the SDK model's, which drops inputs' uri and mode).
	const submitted: CommandJobSpec = {
		displayName: 'test_dataset_display_name1',
		experimentName: 'mfe-test1-dataset',
		code: '/project',
		command: 'pip freeze',
		environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33' },
		compute: { kind: 'cluster', name: 'testCompute' },
		instanceCount: 1,
		inputs: { testdataset: { kind: 'uri', type: 'uri_folder', mode: 'ro_mount', uri: 'azureml://datastores/workspaceblobstore/paths/LocalUpload/0000/data/' } },
	};
	await putCommandJob(
		workspace,
		'job-contract',
		commandJobBody(submitted, {
			environmentId: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
			computeId: `${workspace.armId}/computes/testCompute`,
			localInputUris: {},
		}),
	);
	await getJob(workspace, 'job-contract');
	await cancelJob(workspace, 'job-contract');

	await createOnlineEndpoint(workspace, 'ep-contract', { authMode: 'AMLToken', description: 'some description', tags: { endpointkey1: 'newval1' } });
	await getOnlineEndpoint(workspace, 'ep-contract');
	await listDeployments(workspace, 'ep-contract');
	await getEndpointToken(workspace, 'ep-contract');
	await deleteOnlineEndpoint(workspace, 'ep-contract');

	return emulator.requests();
}
