import * as assert from 'node:assert/strict';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { getDatastore, getDefaultDatastore, listDatastores, listDatastoreSecrets, openDatastoreContainer } from '../../../../src/core/backends/azure/datastores';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { devAccountKey } from '../../../emulator/azurite';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

describe('datastores', () => {
	let emulator: AzureMlEmulator;
	let workspace: AzureWorkspace;

	before(async () => {
		emulator = await sharedEmulator();
		workspace = await freshWorkspace(emulator, connectTo(emulator).connection);
	});

	it('lists the datastores and finds the default one', async () => {
		const names = (await listDatastores(workspace)).items.map((d) => d.name);
		assert.deepEqual(names.sort(), ['workspaceartifactstore', 'workspaceblobstore', 'workspacesasstore']);
		const byDefault = await getDefaultDatastore(workspace);
		assert.equal(byDefault.name, 'workspaceblobstore');
		assert.equal((byDefault.properties as { isDefault?: boolean }).isDefault, true);
		assert.equal((await getDatastore(workspace, 'workspaceblobstore')).id, byDefault.id);
	});

	it('reads both shapes of secrets: an account key and an account SAS', async () => {
		assert.deepEqual(await listDatastoreSecrets(workspace, 'workspaceblobstore'), { secretsType: 'AccountKey', key: devAccountKey });
		const sas = await listDatastoreSecrets(workspace, 'workspacesasstore');
		assert.equal(sas.secretsType, 'Sas');
		assert.match(sas.secretsType === 'Sas' ? sas.sasToken : '', /^\?sv=.*&sig=/);
	});

	it('opens the container behind a datastore with either kind of secret', async () => {
		for (const name of ['workspaceblobstore', 'workspacesasstore']) {
			const container = await openDatastoreContainer(workspace, await getDatastore(workspace, name));
			const blob = `LocalUpload/${name}/data/sample.csv`;
			await container.getBlockBlobClient(blob).upload('a,b\n1,2\n', 8);
			const listed: string[] = [];
			for await (const item of container.listBlobsFlat({ prefix: `LocalUpload/${name}/` })) {
				listed.push(item.name);
			}
			assert.deepEqual(listed, [blob], name);
		}
	});

	it('says which datastore is missing', async () => {
		await assert.rejects(getDatastore(workspace, 'nope'), (error: unknown) => isAzureError(error, 'azure.notFound') && /datastore "nope".*DatastoreNotFound/.test((error as Error).message));
	});
});
