// Code upload, on the emulator and Azurite (in memory):
//   resubmit_bytes  bytes sent to storage when an unchanged 100 MB folder is submitted again (the
//                   snapshot is found by its content hash, so the target is 0);
//   resubmit_changed_settings_bytes  the same, when only the display name, arguments and compute
//                   change and the job YAML saved beside the script after each submit changes with
//                   them (it stays out of the snapshot, so the target is 0);
//   upload_ratio    the folder's upload throughput (uploadFiles: whole small files, 8 MiB blocks for
//                   big ones, 4 in flight) over one raw `uploadData` of the same 100 MB to the same
//                   Azurite in the same run, measured in interleaved pairs (target ≥ 0.8);
//   peer_ratio      the peer's time over ours for the same folder to the same Azurite, in the same
//                   rounds: azure-ai-ml's way (one upload per file, cpu_count() × 2 files at a time,
//                   each up to 16 parallel requests, 64 MB single put, 4 MiB blocks; azureml-protocol.md
//                   §2) through @azure/storage-blob (target ≥ 1.1);
//   peak_rss_mb     the process's peak resident memory while uploading the folder, measured before
//                   the baseline ever holds its 100 MB buffer; rss_growth_mb is the rise over the
//                   start (bounded by block size × concurrency = 32 MiB, never the snapshot).
//   small_files_mb_s  200 files of 100 kB: each file is one request, and on Azurite each costs ~4 ms
//                   whatever the client, so a folder of many small files uploads far slower than
//                   one blob of the same size (reported, no target).
// Medians over BENCH_RUNS pairs (default 7; the ratio is the median of the pairs' ratios). The folder: a training project (MNIST idx files, four
// 10 MB checkpoints, a report, 24 source files), 100 MB in 33 files.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { ContainerClient, StorageSharedKeyCredential, generateBlobSASQueryParameters, ContainerSASPermissions } from '@azure/storage-blob';
import { openContainer } from '../src/core/azure/blobs';
import type { CommandJobSpec } from '../src/core/jobs/commandJobSpec';
import { commandJobToYaml } from '../src/core/jobs/commandJobYaml';
import { saveGeneratedJobYaml } from '../src/core/jobs/savedJobYaml';
import { submitCommandJob } from '../src/core/jobs/submitCommandJob';
import { uploadFiles } from '../src/core/snapshot/blobUpload';
import { AzureMlEmulator } from '../test/emulator/AzureMlEmulator';
import { devAccountKey, devAccountName } from '../test/emulator/azurite';
import { connectTo, freshWorkspace } from '../test/emulator/sharedEmulator';
import { median, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const megabyte = 1_000_000;

interface Folder {
	readonly root: string;
	readonly files: { path: string; relative: string; size: number }[];
	readonly bytes: number;
}

/** Writes files of random bytes under a new folder. */
async function makeFolder(sizes: readonly (readonly [string, number])[]): Promise<Folder> {
	const root = path.join(await mkdtemp(path.join(tmpdir(), 'bench-upload-')), 'project');
	const files = [];
	for (const [relative, size] of sizes) {
		const file = path.join(root, relative);
		await mkdir(path.dirname(file), { recursive: true });
		await writeFile(file, randomBytes(size));
		files.push({ path: file, relative, size });
	}
	return { root, files, bytes: files.reduce((s, f) => s + f.size, 0) };
}

/** A training project of 100 MB, shaped like the MNIST sample with its data and checkpoints. */
const projectFiles: [string, number][] = [
	['data/train-images-idx3-ubyte', 47_040_016],
	['data/t10k-images-idx3-ubyte', 7_840_016],
	['data/train-labels-idx1-ubyte', 60_008],
	['data/t10k-labels-idx1-ubyte', 10_008],
	...Array.from({ length: 4 }, (_, i): [string, number] => [`checkpoints/epoch_${i + 1}.pt`, 10_000_000]),
	['reports/training.html', 4_809_952],
	...Array.from({ length: 24 }, (_, i): [string, number] => [`src/module_${i}.py`, 10_000]),
];

/** 200 files of 100 kB: per-request cost dominates, whatever the client. */
const smallFiles: [string, number][] = Array.from({ length: 200 }, (_, i): [string, number] => [`src/file_${i}.py`, 100_000]);

function containerSasUrl(blobEndpoint: string, container: string): string {
	const sas = generateBlobSASQueryParameters(
		{ containerName: container, permissions: ContainerSASPermissions.parse('rcwl'), startsOn: new Date(Date.now() - 60_000), expiresOn: new Date(Date.now() + 3_600_000) },
		new StorageSharedKeyCredential(devAccountName, devAccountKey),
	);
	return `${blobEndpoint}/${container}?${sas.toString()}`;
}

/**
 * The peer baseline: how azure-ai-ml uploads a folder (`upload_blob` per file from a pool of
 * cpu_count() × 2 threads, max_concurrency 16, its default 64 MB single put and 4 MiB blocks,
 * create-only), here through @azure/storage-blob.
 */
async function uploadLikePeer(container: ContainerClient, items: readonly { path: string; blobName: string }[]): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const item = items[next++];
			await container
				.getBlockBlobClient(item.blobName)
				.uploadFile(item.path, { concurrency: 16, maxSingleShotSize: 64 * 1024 * 1024, blockSize: 4 * 1024 * 1024, conditions: { ifNoneMatch: '*' } });
		}
	};
	await Promise.all(Array.from({ length: Math.min(cpus().length * 2, items.length) }, worker));
}

/** Samples resident memory every 5 ms while `work` runs; returns the peak. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ peak: number; result: T }> {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	try {
		const result = await work();
		return { peak: Math.max(peak, process.memoryUsage().rss), result };
	} finally {
		clearInterval(timer);
	}
}

export async function run(): Promise<Record<string, unknown>> {
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	const folder = await makeFolder(projectFiles);
	const small = await makeFolder(smallFiles);
	try {
		const { connection } = connectTo(emulator);
		const blobEndpoint = emulator.info().azurite;
		const service = emulator.context.blobs.service;
		let round_ = 0;
		const freshContainer = async () => {
			const name = `bench-${++round_}`;
			await service.getContainerClient(name).create();
			return name;
		};
		const items = folder.files.map((f) => ({ path: f.path, blobName: `project/${f.relative}`, size: f.size }));
		const smallItems = small.files.map((f) => ({ path: f.path, blobName: `small/${f.relative}`, size: f.size }));

		// Memory first, before any 100 MB buffer exists in this process.
		const warm = await freshContainer();
		await uploadFiles(openContainer(connection, { kind: 'sasUrl', url: containerSasUrl(blobEndpoint, warm) }), items, { createOnly: true });
		global.gc?.();
		const before = process.memoryUsage().rss;
		const measured = await freshContainer();
		const { peak } = await peakRss(() => uploadFiles(openContainer(connection, { kind: 'sasUrl', url: containerSasUrl(blobEndpoint, measured) }), items, { createOnly: true }));

		// Throughput: ours and the raw baseline in interleaved pairs, same Azurite, same bytes.
		const all = Buffer.concat(await Promise.all(folder.files.map((f) => readFile(f.path))));
		const ours: number[] = [];
		const raw: number[] = [];
		const smallOurs: number[] = [];
		const ratios: number[] = [];
		const peer: number[] = [];
		const peerRatios: number[] = [];
		const uploadOurs = async () => {
			const name = await freshContainer();
			const started = performance.now();
			await uploadFiles(openContainer(connection, { kind: 'sasUrl', url: containerSasUrl(blobEndpoint, name) }), items, { createOnly: true });
			ours.push(performance.now() - started);
			return name;
		};
		const uploadRaw = async () => {
			const name = await freshContainer();
			const client = new ContainerClient(containerSasUrl(blobEndpoint, name));
			const started = performance.now();
			await client.getBlockBlobClient('all.bin').uploadData(all);
			raw.push(performance.now() - started);
			return name;
		};
		const uploadPeer = async () => {
			const name = await freshContainer();
			const started = performance.now();
			await uploadLikePeer(new ContainerClient(containerSasUrl(blobEndpoint, name)), items);
			peer.push(performance.now() - started);
			return name;
		};
		for (let i = 0; i < runs; i++) {
			// Each round back to back, in rotating order, so drift on a busy machine hits every side.
			const order = [uploadOurs, uploadRaw, uploadPeer];
			const names: string[] = [];
			for (let k = 0; k < order.length; k++) {
				names.push(await order[(i + k) % order.length]());
			}
			ratios.push(raw[i] / ours[i]);
			peerRatios.push(peer[i] / ours[i]);
			const c = await freshContainer();
			const smallStarted = performance.now();
			await uploadFiles(openContainer(connection, { kind: 'sasUrl', url: containerSasUrl(blobEndpoint, c) }), smallItems, { createOnly: true });
			smallOurs.push(performance.now() - smallStarted);
			await Promise.all([...names, c].map((name) => service.getContainerClient(name).delete()));
		}

		// Resubmitting an unchanged folder through the whole pipeline (emulator ARM + blob proxy).
		const workspace = await freshWorkspace(emulator, connection);
		const spec: CommandJobSpec = {
			experimentName: 'bench-upload',
			code: folder.root,
			command: 'python train.py',
			environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33' },
			compute: { kind: 'serverless' },
			instanceCount: 1,
			inputs: {},
		};
		const blobBytesSent = () =>
			emulator
				.requests()
				.filter((r) => r.method === 'PUT' && r.path.startsWith(`/${devAccountName}/`))
				.reduce((sum, r) => sum + Number(/^<(\d+) bytes>$/.exec(typeof r.body === 'string' ? r.body : '')?.[1] ?? 0), 0);
		const first = await submitCommandJob(workspace, spec);
		await saveGeneratedJobYaml(path.join(folder.root, 'train.py'), commandJobToYaml(spec, folder.root));
		const resubmitBytes: number[] = [];
		const resubmitMs: number[] = [];
		for (let i = 0; i < 3; i++) {
			emulator.clearRequests();
			const started = performance.now();
			const again = await submitCommandJob(workspace, spec);
			resubmitMs.push(performance.now() - started);
			resubmitBytes.push(Math.max(again.uploadedBytes, blobBytesSent()));
		}

		// Other settings each time, with the YAML saved beside the script after each submit, as the editor does.
		const changedBytes: number[] = [];
		for (let i = 0; i < 3; i++) {
			const changed: CommandJobSpec = { ...spec, displayName: `settings ${i}`, command: `python train.py --epochs ${i + 2}`, compute: { kind: 'serverless', instanceType: i % 2 ? 'Standard_DS3_v2' : 'Standard_E4s_v3' } };
			emulator.clearRequests();
			const again = await submitCommandJob(workspace, changed);
			await saveGeneratedJobYaml(path.join(folder.root, 'train.py'), commandJobToYaml(changed, folder.root));
			changedBytes.push(Math.max(again.uploadedBytes, blobBytesSent()));
		}

		const mb = folder.bytes / megabyte;
		const oursMs = median(ours);
		const rawMs = median(raw);
		return {
			folder_mb: round(mb),
			files: folder.files.length,
			resubmit_bytes: median(resubmitBytes),
			resubmit_ms: round(median(resubmitMs)),
			resubmit_changed_settings_bytes: median(changedBytes),
			first_submit_uploaded_mb: round(first.uploadedBytes / megabyte),
			upload_mb_s: round(mb / (oursMs / 1000)),
			baseline_mb_s: round(mb / (rawMs / 1000)),
			upload_ratio: round(median(ratios), 2),
			peer_mb_s: round(mb / (median(peer) / 1000)),
			peer_ratio: round(median(peerRatios), 2),
			small_files_mb_s: round(small.bytes / megabyte / (median(smallOurs) / 1000)),
			peak_rss_mb: round(peak / 1024 / 1024),
			rss_growth_mb: round((peak - before) / 1024 / 1024),
			runs,
		};
	} finally {
		await emulator.stop();
		await rm(path.dirname(folder.root), { recursive: true, force: true });
		await rm(path.dirname(small.root), { recursive: true, force: true });
	}
}
