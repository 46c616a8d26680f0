import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerLocalDataAsset, type LocalDataAsset } from '../../../../src/core/backends/local/localDataAssets';
import type { Prompter } from '../../../../src/ui/prompter';
import { askLocalInputs, inputsOf } from '../../../../src/ui/submit/askLocalInputs';

describe('Local inputs of a submit', () => {
	let dir: string;
	afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

	it('names each input after its asset; two versions of one asset keep both, by version', () => {
		const asset = (name: string, version: string): LocalDataAsset => ({ name, version, path: `/data/${name}/${version}`, createdAt: 0 });
		assert.deepEqual(Object.keys(inputsOf([asset('mnist-images', '1'), asset('labels', '3')])), ['mnist_images', 'labels']);
		assert.deepEqual(Object.keys(inputsOf([asset('mnist', '1'), asset('mnist', '2')])), ['mnist_1', 'mnist_2']);
	});

	it('asks nothing without local data assets, and ticks the last choice when there are some', async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'local-inputs-'));
		const store = path.join(dir, 'mlruns');
		// A holder, not a variable: the prompter's closure sets it.
		const seen: { offered?: { label: string; picked?: boolean }[] } = {};
		const prompter = {
			quickPickMany: (items: readonly { label: string; picked?: boolean }[]) => {
				seen.offered = [...items];
				return Promise.resolve(seen.offered.filter((i) => i.picked));
			},
		} as unknown as Prompter;
		assert.deepEqual(await askLocalInputs(prompter, store, 'Submit'), {});
		assert.equal(seen.offered === undefined, true, 'no prompt without local data assets');

		mkdirSync(path.join(dir, 'images'));
		await registerLocalDataAsset(store, { name: 'images', folder: path.join(dir, 'images') });
		await registerLocalDataAsset(store, { name: 'images', folder: path.join(dir, 'images') });
		const inputs = await askLocalInputs(prompter, store, 'Submit', ['azureml:images:2']);
		assert.deepEqual(seen.offered?.map((i) => [i.label, i.picked]), [
			['images:1', false],
			['images:2', true],
		]);
		assert.deepEqual(Object.keys(inputs), ['images']);
		assert.equal(inputs.images.version, '2');
	});
});
