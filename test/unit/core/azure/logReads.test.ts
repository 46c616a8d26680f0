import * as assert from 'node:assert/strict';
import { isAzureError } from '../../../../src/core/azure/errors';
import type { AzureWorkspace } from '../../../../src/core/backends/azure/AzureWorkspace';
import { AzureRunBackend } from '../../../../src/core/backends/azure/AzureRunBackend';
import type { LogFile } from '../../../../src/core/backends/types';
import { maxReadBytes } from '../../../../src/core/logs/readLimit';
import { addJob } from '../../../emulator/arm/jobs';
import type { AzureMlEmulator } from '../../../emulator/AzureMlEmulator';
import { connectTo, freshWorkspace, sharedEmulator, type TestConnection } from '../../../emulator/sharedEmulator';
import type { WorkspaceState } from '../../../emulator/state';

/** Ranged reads of log blobs through their SAS URLs, against the faults a real storage account shows. */
describe('log reads through SAS URLs', () => {
	let emulator: AzureMlEmulator;
	let test: TestConnection;
	let workspace: AzureWorkspace;
	let backend: AzureRunBackend;
	let log: LogFile;
	const text = 'epoch 1 loss=0.5\népoque 2 ✓ done\n';
	const bytes = Buffer.from(text, 'utf8');
	const blobPath = '/ExperimentRun/dcid\\.log-run/azureml-logs/70_driver_log\\.txt$';

	before(async () => {
		emulator = await sharedEmulator();
	});

	beforeEach(async () => {
		test = connectTo(emulator);
		workspace = await freshWorkspace(emulator, test.connection);
		backend = new AzureRunBackend(workspace);
		const ws = emulatorWorkspace();
		const job = addJob(emulator.context, ws, 'log-run', { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:e:1' });
		const blob = 'ExperimentRun/dcid.log-run/azureml-logs/70_driver_log.txt';
		await emulator.context.blobs.append(ws.artifactContainer, blob, bytes);
		job.logBlobs.add(blob);
		[log] = await backend.listLogFiles('log-run');
	});

	afterEach(() => emulator.clearFaults());

	const emulatorWorkspace = (): WorkspaceState => emulator.context.state.workspace(workspace.ref.subscriptionId, workspace.ref.resourceGroup, workspace.ref.workspace)!;

	it('reads from an offset to the end, with the size', async () => {
		assert.equal(log.name, 'azureml-logs/70_driver_log.txt');
		const all = await log.reader.read(0);
		assert.equal(Buffer.from(all.bytes).toString('utf8'), text);
		assert.equal(all.size, bytes.length);
		assert.ok(all.generation);
		const tail = await log.reader.read(17);
		assert.equal(Buffer.from(tail.bytes).toString('utf8'), 'époque 2 ✓ done\n');
	});

	it('reads at most maxBytes with a bounded range, and still tells the size', async () => {
		emulator.clearRequests();
		const part = await log.reader.read(3, undefined, 5);
		assert.equal(Buffer.from(part.bytes).toString('utf8'), 'ch 1 ');
		assert.equal(part.size, bytes.length);
		assert.equal(emulator.requests().find((r) => r.path.endsWith('.txt'))?.headers.range, 'bytes=3-7');
	});

	it('keeps the same generation when the blob is appended to (its ETag changes on every append)', async () => {
		const before = await log.reader.read(0);
		await emulator.context.blobs.append(emulatorWorkspace().artifactContainer, 'ExperimentRun/dcid.log-run/azureml-logs/70_driver_log.txt', Buffer.from('more\n'));
		const after = await log.reader.read(bytes.length);
		assert.equal(Buffer.from(after.bytes).toString('utf8'), 'more\n');
		assert.equal(after.generation, before.generation);
	});

	it('reads zero bytes at the end, as Azurite answers it (an empty 206)', async () => {
		const end = await log.reader.read(bytes.length);
		assert.equal(end.bytes.length, 0);
		assert.equal(end.size, bytes.length);
	});

	it('reads zero bytes at the end, as Azure answers it (416)', async () => {
		emulator.addFault({ kind: 'rangeEnd416', path: blobPath });
		const end = await log.reader.read(bytes.length);
		assert.equal(end.bytes.length, 0);
		assert.equal(end.size, bytes.length);
		assert.equal(test.retries.length, 0);
	});

	it('shows a rewritten, shorter file by its size when the offset is past the end', async () => {
		const past = await log.reader.read(bytes.length + 100);
		assert.equal(past.bytes.length, 0);
		assert.equal(past.size, bytes.length);
	});

	it('returns what a short read gave, cut inside a multi-byte character, and continues from there', async () => {
		const cut = text.indexOf('✓');
		const offset = Buffer.byteLength(text.slice(0, cut)) + 1;
		emulator.addFault({ kind: 'partialRange', bytes: offset, path: blobPath });
		const first = await log.reader.read(0);
		assert.equal(first.bytes.length, offset);
		assert.equal(first.size, bytes.length);
		const rest = await log.reader.read(offset);
		assert.equal(Buffer.concat([first.bytes, rest.bytes]).toString('utf8'), text);
	});

	it('retries a read cut off by a reset or a truncated body', async () => {
		emulator.addFault({ kind: 'reset', path: blobPath });
		emulator.addFault({ kind: 'truncate', path: blobPath });
		const all = await log.reader.read(0);
		assert.equal(Buffer.from(all.bytes).toString('utf8'), text);
		assert.equal(test.retries.length, 2);
	});

	it('retries 429 and 5xx on blob reads', async () => {
		emulator.addFault({ kind: 'status', status: 429, path: blobPath });
		emulator.addFault({ kind: 'status', status: 500, path: blobPath });
		emulator.addFault({ kind: 'status', status: 503, headers: { 'Retry-After': '1' }, path: blobPath });
		assert.equal((await log.reader.read(0)).bytes.length, bytes.length);
		assert.deepEqual(
			test.retries.map((r) => r.reason),
			['HTTP 429', 'HTTP 500', 'HTTP 503, Retry-After'],
		);
	});

	it('renews an expired SAS once from run history', async () => {
		emulator.addFault({ kind: 'expiredSas', path: blobPath, times: 0 });
		emulator.clearRequests();
		const all = await log.reader.read(0);
		assert.equal(all.bytes.length, bytes.length);
		const calls = emulator.requests().map((r) => (r.path.endsWith('/details') ? 'details' : r.path.endsWith('.txt') ? 'blob' : r.path));
		assert.deepEqual(calls, ['blob', 'details', 'blob']);
	});

	it('gives a clear error when the renewed SAS is refused too', async () => {
		emulator.addFault({ kind: 'status', status: 403, path: blobPath, times: 0, headers: { 'x-ms-error-code': 'AuthorizationFailure' }, body: '' });
		emulator.clearRequests();
		await assert.rejects(log.reader.read(0), (error: unknown) => {
			assert.ok(isAzureError(error, 'azure.forbidden'));
			assert.match(error.message, /^Could not read log file "azureml-logs\/70_driver_log\.txt": .*AuthorizationFailure, HTTP 403/);
			return true;
		});
		assert.equal(emulator.requests().filter((r) => r.path.endsWith('/details')).length, 1, 'renewed once, not in a loop');
	});

	it('never sends the ARM token to a SAS URL', async () => {
		emulator.clearRequests();
		await log.reader.read(0);
		const blobReads = emulator.requests().filter((r) => r.path.endsWith('.txt'));
		assert.equal(blobReads.length, 1);
		assert.equal(blobReads[0].headers.authorization, undefined);
		assert.equal(blobReads[0].headers.range, `bytes=0-${maxReadBytes - 1}`);
	});

	it('reads a log larger than one read in bounded chunks', async () => {
		const blob = 'ExperimentRun/dcid.log-run/azureml-logs/70_driver_log.txt';
		const big = Buffer.alloc(maxReadBytes + 1000, 0x61);
		await emulator.context.blobs.append(emulatorWorkspace().artifactContainer, blob, big);
		const total = bytes.length + big.length;
		const first = await log.reader.read(0);
		assert.equal(first.bytes.length, maxReadBytes);
		assert.equal(first.size, total);
		const rest = await log.reader.read(maxReadBytes);
		assert.equal(rest.bytes.length, total - maxReadBytes);
	});
});
