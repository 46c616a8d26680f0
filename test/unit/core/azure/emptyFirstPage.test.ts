import * as assert from 'node:assert/strict';
import { AzureRunBackend } from '../../../../src/core/backends/azure/AzureRunBackend';
import { listDatastores } from '../../../../src/core/backends/azure/datastores';
import { putCommandJob } from '../../../../src/core/backends/azure/jobs';
import { listSubscriptions } from '../../../../src/core/azure/subscriptions';
import { PagedList } from '../../../../src/core/paging';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator } from '../../../emulator/sharedEmulator';

/** ARM may answer a list with `{"value": [], "nextLink": …}`: such a list has not ended. */
describe('lists whose first page is empty', () => {
	let emulator: AzureMlEmulator;

	before(async () => {
		emulator = await sharedEmulator();
	});

	afterEach(() => emulator.reset());

	it('the emulator serves them when a scenario asks, over HTTP too', async () => {
		const put = await fetch(`${emulator.origin}/_emulator/scenario`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lists: { emptyFirstPage: true } }) });
		assert.deepEqual(((await put.json()) as { lists: unknown }).lists, { emptyFirstPage: true, lowerCaseResourceGroups: false });
		const { connection } = connectTo(emulator);
		const first = await listSubscriptions(connection);
		assert.deepEqual(first.items, []);
		assert.ok(first.nextPageToken);
		assert.ok((await listSubscriptions(connection, first.nextPageToken)).items.length > 0);
		emulator.reset();
		assert.ok((await listSubscriptions(connection)).items.length > 0, 'reset turns it off');
	});

	it('reach every job and datastore through the paged list, which is empty only at the end', async () => {
		const { connection } = connectTo(emulator);
		const workspace = await freshWorkspace(emulator, connection);
		await putCommandJob(workspace, 'after-an-empty-page', { command: 'python train.py', environmentId: 'azureml:env:1', experimentName: 'mnist' });
		emulator.context.settings.emptyFirstPage = true;
		const backend = new AzureRunBackend(workspace);
		const jobs = new PagedList(async (pageToken) => {
			const page = await backend.listRuns({ pageToken });
			return { items: page.runs, nextPageToken: page.nextPageToken };
		});
		await jobs.ensureLoaded();
		assert.deepEqual(jobs.fetched.map((run) => run.id), ['after-an-empty-page']);
		assert.equal(jobs.hasMore, false);

		const datastores = new PagedList((pageToken) => listDatastores(workspace, pageToken));
		await datastores.ensureLoaded();
		assert.ok(datastores.fetched.some((d) => d.name === 'workspaceblobstore'), JSON.stringify(datastores.fetched.map((d) => d.name)));
	});
});
