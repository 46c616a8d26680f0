import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	inputNameFor,
	latestVersions,
	listLocalDataAssets,
	localDataFile,
	localDataFolderProblem,
	localInputFolders,
	nextLocalDataVersion,
	registerLocalDataAsset,
	resolveLocalDataReference,
	type LocalDataAsset,
} from '../../../../../src/core/backends/local/localDataAssets';
import { inputArguments } from '../../../../../src/core/backends/local/localRunner';

describe('Local data assets (azureml-explorer-data.json in the Local store)', () => {
	let dir: string;
	let store: string;
	let images: string;

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'local-data-'));
		store = path.join(dir, 'mlruns');
		images = path.join(dir, 'mnist-images');
		mkdirSync(images);
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('records versions 1, 2, … of a folder at the root of the store, replacing the file in one step', async () => {
		assert.deepEqual(await listLocalDataAssets(store), [], 'no file yet: no assets');
		const first = await registerLocalDataAsset(store, { name: 'mnist', folder: images, description: ' MNIST images ' }, 1700000000000);
		assert.deepEqual(first, { name: 'mnist', version: '1', path: images, description: 'MNIST images', createdAt: 1700000000000 });
		const second = await registerLocalDataAsset(store, { name: 'mnist', folder: images }, 1700000001000);
		assert.equal(second.version, '2');
		assert.equal(second.description, undefined);
		const file = JSON.parse(readFileSync(path.join(store, 'azureml-explorer-data.json'), 'utf8')) as { assets: LocalDataAsset[] };
		assert.deepEqual(file.assets.map((a) => `${a.name}:${a.version}`), ['mnist:1', 'mnist:2']);
		assert.deepEqual(readdirSync(store), ['azureml-explorer-data.json'], 'no temporary file left behind');
		assert.deepEqual((await listLocalDataAssets(store)).map((a) => a.version), ['1', '2']);
	});

	it('refuses a bad name, a bad or taken version, a relative path and a missing folder, writing nothing', async () => {
		await assert.rejects(registerLocalDataAsset(store, { name: '-bad', folder: images }), /not a valid asset name/);
		await assert.rejects(registerLocalDataAsset(store, { name: 'mnist', version: '.1', folder: images }), /not a valid version/);
		await assert.rejects(registerLocalDataAsset(store, { name: 'mnist', folder: 'mnist-images' }), /absolute path \(got "mnist-images"\)/);
		await assert.rejects(registerLocalDataAsset(store, { name: 'mnist', folder: path.join(dir, 'gone') }), /gone is not a folder/);
		writeFileSync(path.join(dir, 'file.csv'), 'a');
		await assert.rejects(registerLocalDataAsset(store, { name: 'mnist', folder: path.join(dir, 'file.csv') }), /file\.csv is not a folder/);
		assert.deepEqual(await listLocalDataAssets(store), []);
		await registerLocalDataAsset(store, { name: 'mnist', version: 'v1', folder: images });
		await assert.rejects(registerLocalDataAsset(store, { name: 'mnist', version: 'v1', folder: images }), /already has a version "v1"/);
	});

	it('names the file when it is not valid', async () => {
		mkdirSync(store);
		writeFileSync(localDataFile(store), '{"assets": [');
		await assert.rejects(listLocalDataAssets(store), (error: Error) => error.message.includes(localDataFile(store)) && /not valid JSON/.test(error.message));
		writeFileSync(localDataFile(store), '{"data": []}');
		await assert.rejects(registerLocalDataAsset(store, { name: 'mnist', folder: images }), /has no "assets" list/);
	});

	it('finds the latest version and the next free one', () => {
		const asset = (name: string, version: string, createdAt: number): LocalDataAsset => ({ name, version, path: images, createdAt });
		const assets = [asset('a', '2', 1), asset('a', '10', 3), asset('a', 'v1', 2), asset('b', '1', 1)];
		assert.equal(nextLocalDataVersion(assets, 'a'), '11');
		assert.equal(nextLocalDataVersion(assets, 'new'), '1');
		assert.deepEqual(latestVersions(assets).map((a) => `${a.name}:${a.version}`), ['a:10', 'b:1'], 'the last registered');
		assert.equal(resolveLocalDataReference(assets, 'azureml:a:2').version, '2');
		assert.equal(resolveLocalDataReference(assets, 'azureml:b@latest').version, '1');
		assert.throws(() => resolveLocalDataReference(assets, 'azureml:a:3'), /no data asset a:3 \(it has: a:2, a:10, a:v1, b:1\)/);
		assert.throws(() => resolveLocalDataReference(assets, 'a:3'), /use azureml:<name>:<version>/);
	});

	it('makes input names of asset names', () => {
		assert.equal(inputNameFor('mnist-images.v2'), 'mnist_images_v2');
		assert.equal(inputNameFor('2024-sales'), '_2024_sales');
	});

	it('refuses a run whose input folder is gone, naming the asset and the folder', async () => {
		const asset = await registerLocalDataAsset(store, { name: 'mnist', folder: images });
		assert.deepEqual(await localInputFolders({ training_data: asset }), { training_data: images });
		rmSync(images, { recursive: true });
		await assert.rejects(localInputFolders({ training_data: asset }), (error: Error) => error.message.includes(`Input training_data: the folder of local data asset mnist:1 is gone (${images})`));
	});

	for (const [label, pathApi, store2, folder, relative] of [
		['win32', path.win32, 'C:\\work\\mlruns', 'D:\\data\\mnist images', 'data\\mnist'],
		['posix', path.posix, '/work/mlruns', '/data/mnist images', 'data/mnist'],
	] as const) {
		it(`keeps ${label} paths whole: the file beside the store's experiments, absolute folders only, --input NAME=FOLDER`, () => {
			assert.equal(localDataFile(store2, pathApi), pathApi.join(store2, 'azureml-explorer-data.json'));
			assert.equal(localDataFolderProblem(folder, pathApi), undefined);
			assert.match(String(localDataFolderProblem(relative, pathApi)), /absolute path/);
			// The harness splits at the first "=": a folder may hold "=" and ":" (a drive), a name neither.
			assert.deepEqual(inputArguments({ training_data: folder, other: pathApi.join(folder, 'a=b') }), [
				'--input',
				`training_data=${folder}`,
				'--input',
				`other=${pathApi.join(folder, 'a=b')}`,
			]);
		});
	}
});
