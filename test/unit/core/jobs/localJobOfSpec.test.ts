import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { LocalDataAsset } from '../../../../src/core/backends/local/localDataAssets';
import type { CommandJobSpec } from '../../../../src/core/jobs/commandJobSpec';
import { commandJobFromYaml } from '../../../../src/core/jobs/commandJobYaml';
import { localJobOfSpec } from '../../../../src/core/jobs/localJobOfSpec';

describe('a job YAML as a Local run', () => {
	for (const [label, pathApi, root, data] of [
		['win32', path.win32, 'C:\\work\\mnist', 'D:\\data\\mnist images'],
		['posix', path.posix, '/work/mnist', '/data/mnist images'],
	] as const) {
		const assets: LocalDataAsset[] = [
			{ name: 'mnist-images', version: '1', path: pathApi.join(data, 'old'), createdAt: 1 },
			{ name: 'mnist-images', version: '2', path: data, createdAt: 2 },
		];
		const spec = (yaml: string): CommandJobSpec => commandJobFromYaml(`code: .\nenvironment: azureml:AzureML-sklearn-1.0@latest\ncompute: azureml:cpu-cluster\n${yaml}`, pathApi.join(root, 'train.job.yml'), pathApi);

		it(`runs the script with its arguments, local data assets and local folders as --input, literals in place (${label})`, () => {
			const plan = localJobOfSpec(
				spec(
					[
						'command: python -u src/train.py --data ${{inputs.images}} --labels ${{inputs.labels}} --lr ${{inputs.lr}} --latest ${{inputs.latest}}',
						'inputs:',
						'  images: {type: uri_folder, path: "azureml:mnist-images:1"}',
						'  latest: {type: uri_folder, path: "azureml:mnist-images@latest"}',
						'  labels: {type: uri_folder, path: ./labels}',
						'  lr: 0.01',
					].join('\n'),
				),
				assets,
				pathApi,
			);
			assert.equal(plan.source, root);
			assert.equal(plan.script, 'src/train.py');
			assert.deepEqual(plan.args, ['--data', '${{inputs.images}}', '--labels', '${{inputs.labels}}', '--lr', '0.01', '--latest', '${{inputs.latest}}']);
			assert.deepEqual(plan.inputs, { images: pathApi.join(data, 'old'), latest: data, labels: pathApi.join(root, 'labels') });
			assert.deepEqual(plan.ignored, ['environment', 'compute']);
		});

		it(`refuses what Local cannot run, naming the field (${label})`, () => {
			assert.throws(() => localJobOfSpec(spec('command: bash run.sh'), assets, pathApi), /^Error: command: Local runs "python <script>\.py/);
			assert.throws(() => localJobOfSpec(spec('command: python ../other/train.py'), assets, pathApi), /not a \.py script inside the code folder/);
			assert.throws(() => localJobOfSpec(spec('command: |\n  ls\n  python train.py'), assets, pathApi), /several lines/);
			assert.throws(() => localJobOfSpec(spec('command: python train.py\ninputs:\n  d: {type: uri_folder, path: "azureml:cifar:1"}'), assets, pathApi), /no data asset cifar:1 \(it has: mnist-images:1, mnist-images:2\)/);
			assert.throws(
				() => localJobOfSpec(spec('command: python train.py\ninputs:\n  d: {type: uri_folder, path: "azureml://datastores/workspaceblobstore/paths/x/"}'), assets, pathApi),
				/^Error: inputs\.d: Local reads folders of this machine or local data assets/,
			);
			assert.throws(() => localJobOfSpec(spec('command: python train.py\nresources: {instance_count: 2}'), assets, pathApi), /one process on this machine/);
		});
	}
});
