import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse } from 'yaml';
import { pythonCommand, specProblems, type CommandJobSpec } from '../../../../src/core/jobs/commandJobSpec';
import { commandJobFromYaml, commandJobSchemaUrl, commandJobToYaml } from '../../../../src/core/jobs/commandJobYaml';

const root = path.resolve('/projects/mnist');

const fullSpec: CommandJobSpec = {
	displayName: 'LeNet on MNIST',
	experimentName: 'mnist-lenet',
	description: 'two nodes',
	tags: { team: 'vision' },
	code: root,
	command: 'python train.py --data ${{inputs.data}} --labels ${{inputs.labels}} --epochs ${{inputs.epochs}}',
	environment: { kind: 'build', image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', conda: { from: 'condaFile', path: path.join(root, 'conda.yml') } },
	compute: { kind: 'cluster', name: 'gpu-cluster' },
	instanceCount: 2,
	distribution: { type: 'pytorch', processCountPerInstance: 1 },
	inputs: {
		data: { kind: 'localFolder', path: path.join(root, 'data'), mode: 'ro_mount' },
		labels: { kind: 'dataAsset', ref: 'azureml:mnist-labels:3', type: 'uri_folder', mode: 'download' },
		extra: { kind: 'uri', uri: 'azureml://datastores/workspaceblobstore/paths/extra/', type: 'uri_folder', mode: 'ro_mount' },
		epochs: { kind: 'literal', value: 5 },
	},
	environmentVariables: { NCCL_DEBUG: 'INFO' },
};

describe('command job YAML (az ml CLI v2)', () => {
	it('writes the CLI field names with $schema first, paths relative to the file', () => {
		const text = commandJobToYaml(fullSpec, root);
		assert.ok(text.startsWith(`$schema: ${commandJobSchemaUrl}\ntype: command\n`));
		assert.deepEqual(parse(text), {
			$schema: commandJobSchemaUrl,
			type: 'command',
			display_name: 'LeNet on MNIST',
			experiment_name: 'mnist-lenet',
			description: 'two nodes',
			code: '.',
			command: fullSpec.command,
			environment: { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', conda_file: './conda.yml' },
			compute: 'azureml:gpu-cluster',
			resources: { instance_count: 2 },
			distribution: { type: 'pytorch', process_count_per_instance: 1 },
			inputs: {
				data: { type: 'uri_folder', path: './data', mode: 'ro_mount' },
				labels: { type: 'uri_folder', path: 'azureml:mnist-labels:3', mode: 'download' },
				extra: { type: 'uri_folder', path: 'azureml://datastores/workspaceblobstore/paths/extra/', mode: 'ro_mount' },
				epochs: 5,
			},
			environment_variables: { NCCL_DEBUG: 'INFO' },
			tags: { team: 'vision' },
		});
	});

	it('reads back what it wrote, from a file in another folder too', () => {
		assert.deepEqual(commandJobFromYaml(commandJobToYaml(fullSpec, root), path.join(root, 'job.yml')), { ...fullSpec, name: undefined });
		const jobs = path.join(root, 'jobs');
		const text = commandJobToYaml(fullSpec, jobs);
		assert.match(text, /^code: \.\.$/m);
		assert.deepEqual(commandJobFromYaml(text, path.join(jobs, 'train.yml')), { ...fullSpec, name: undefined });
	});

	it('writes a folder on another Windows drive as an absolute path, and reads it back there (path.win32)', () => {
		const win = path.win32;
		const project = 'C:\\Users\\ada\\mnist';
		const spec: CommandJobSpec = {
			...fullSpec,
			code: project,
			environment: { kind: 'build', image: 'img:1', conda: { from: 'condaFile', path: 'C:\\Users\\ada\\mnist\\conda.yml' } },
			inputs: {
				data: { kind: 'localFolder', path: 'D:\\data\\mnist', mode: 'ro_mount' },
				share: { kind: 'localFolder', path: '\\\\server\\share\\mnist', mode: 'ro_mount' },
				near: { kind: 'localFolder', path: 'C:\\Users\\ada\\data', mode: 'ro_mount' },
			},
		};
		const text = commandJobToYaml(spec, project, win);
		const inputs = (parse(text) as { inputs: Record<string, { path: string }> }).inputs;
		assert.deepEqual(
			Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.path])),
			{ data: 'D:/data/mnist', share: '//server/share/mnist', near: '../data' },
		);
		assert.match(text, /^code: \.$/m);
		assert.match(text, /conda_file: \.\/conda\.yml$/m);
		assert.deepEqual(commandJobFromYaml(text, win.join(project, 'job.yml'), win), { ...spec, name: undefined });
		// A hand-written file with backslashes reads the same.
		const handWritten = 'command: python train.py\ncode: .\nenvironment: azureml:env:1\ninputs:\n  data:\n    type: uri_folder\n    path: D:\\data\\mnist\n  rel:\n    path: .\\data\n';
		const read = commandJobFromYaml(handWritten, win.join(project, 'job.yml'), win);
		assert.deepEqual(read.inputs, {
			data: { kind: 'localFolder', path: 'D:\\data\\mnist', mode: 'ro_mount' },
			rel: { kind: 'localFolder', path: 'C:\\Users\\ada\\mnist\\data', mode: 'ro_mount' },
		});
	});

	it('writes relative paths under POSIX rules, and reads absolute ones as they are (path.posix)', () => {
		const posix = path.posix;
		const spec: CommandJobSpec = {
			...fullSpec,
			code: '/home/ada/mnist',
			environment: { kind: 'reference', id: 'azureml:AzureML-sklearn-1.5:1' },
			inputs: { data: { kind: 'localFolder', path: '/mnt/data/mnist', mode: 'ro_mount' } },
		};
		const text = commandJobToYaml(spec, '/home/ada/mnist', posix);
		assert.match(text, /path: \.\.\/\.\.\/\.\.\/mnt\/data\/mnist$/m);
		assert.deepEqual(commandJobFromYaml(text, '/home/ada/mnist/job.yml', posix), { ...spec, name: undefined });
		const absolute = commandJobFromYaml('command: x\ncode: .\nenvironment: azureml:env:1\ninputs:\n  data:\n    path: /mnt/data\n', '/home/ada/mnist/job.yml', posix);
		assert.deepEqual(absolute.inputs.data, { kind: 'localFolder', path: '/mnt/data', mode: 'ro_mount' });
	});

	it('round-trips serverless, MPI, TensorFlow and inline conda', () => {
		const spec: CommandJobSpec = {
			...fullSpec,
			name: 'fixed_name_1',
			compute: { kind: 'serverless', instanceType: 'Standard_NC6s_v3' },
			distribution: { type: 'tensorflow', workerCount: 2, parameterServerCount: 1 },
			environment: { kind: 'build', image: 'img:1', conda: { from: 'inline', text: 'channels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n      - torch\n' } },
		};
		const text = commandJobToYaml(spec, root);
		const doc = parse(text) as Record<string, unknown>;
		assert.equal(doc.compute, undefined);
		assert.deepEqual(doc.resources, { instance_count: 2, instance_type: 'Standard_NC6s_v3' });
		assert.deepEqual(doc.distribution, { type: 'tensorflow', worker_count: 2, parameter_server_count: 1 });
		assert.deepEqual((doc.environment as { conda_file: unknown }).conda_file, { channels: ['conda-forge'], dependencies: ['python=3.10', 'pip', { pip: ['torch'] }] });
		assert.deepEqual(commandJobFromYaml(text, path.join(root, 'job.yml')), spec);
		const mpi = { ...spec, distribution: { type: 'mpi', processCountPerInstance: 4 } } as const;
		assert.deepEqual(commandJobFromYaml(commandJobToYaml(mpi, root), path.join(root, 'job.yml')).distribution, mpi.distribution);
	});

	it('reads a hand-written CLI file with its defaults', () => {
		const spec = commandJobFromYaml(
			[
				'$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json',
				'code: src',
				'command: python main.py --lr ${{inputs.lr}}',
				'environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33',
				'compute: azureml:cpu-cluster',
				'inputs:',
				'  lr: 0.01',
				'  data:',
				'    path: ./data',
			].join('\n'),
			path.join(root, 'job.yml'),
		);
		assert.equal(spec.code, path.join(root, 'src'));
		assert.equal(spec.experimentName, 'mnist');
		assert.equal(spec.instanceCount, 1);
		assert.deepEqual(spec.environment, { kind: 'reference', id: 'azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33' });
		assert.deepEqual(spec.compute, { kind: 'cluster', name: 'cpu-cluster' });
		assert.deepEqual(spec.inputs, { lr: { kind: 'literal', value: 0.01 }, data: { kind: 'localFolder', path: path.join(root, 'data'), mode: 'ro_mount' } });
	});

	it('names the field and the rule when a file is wrong', () => {
		const file = path.join(root, 'job.yml');
		const base = 'code: .\ncommand: python x.py\nenvironment: azureml:env:1\n';
		assert.throws(() => commandJobFromYaml('type: sweep\n' + base, file), /job\.yml: type is "sweep"; only command jobs/);
		assert.throws(() => commandJobFromYaml(base + 'outputs:\n  model: {}\n', file), /outputs is not supported here; supported keys: /);
		assert.throws(() => commandJobFromYaml('code: .\nenvironment: azureml:env:1\n', file), /command is required/);
		assert.throws(() => commandJobFromYaml('command: python x.py\nenvironment: azureml:env:1\n', file), /code is required/);
		assert.throws(() => commandJobFromYaml(base + 'inputs:\n  d:\n    path: ./d\n    mode: mount\n', file), /inputs\.d\.mode must be one of ro_mount, rw_mount/);
		assert.throws(() => commandJobFromYaml(base + 'distribution:\n  type: horovod\n', file), /distribution\.type must be pytorch, mpi or tensorflow/);
		assert.throws(() => commandJobFromYaml(base + 'code: again\n', file), /not valid YAML/);
		assert.throws(() => commandJobFromYaml('code: .\ncommand: x\nenvironment:\n  name: e\n  image: i\n  conda_file: c.yml\n', file), /inline environment cannot have a name/);
		assert.throws(() => commandJobFromYaml('- a\n- b\n', file), /must be a YAML mapping/);
	});
});

describe('command job spec checks', () => {
	it('accepts a good spec', () => {
		assert.deepEqual(specProblems(fullSpec), []);
	});

	it('states each broken rule', () => {
		const problems = specProblems({
			...fullSpec,
			name: 'bad name',
			experimentName: '-x',
			compute: { kind: 'cluster', name: 'c' },
			instanceCount: 0,
			distribution: { type: 'pytorch', processCountPerInstance: 0 },
			environment: { kind: 'reference', id: 'sklearn' },
			command: 'python t.py ${{inputs.missing}}',
			inputs: { '1bad': { kind: 'literal', value: 1 }, d: { kind: 'dataAsset', ref: 'mnist', type: 'uri_folder', mode: 'ro_mount' } },
		}).join('\n');
		assert.match(problems, /"bad name" is not a valid job name/);
		assert.match(problems, /"-x" is not a valid experiment name/);
		assert.match(problems, /compute name must be/);
		assert.match(problems, /instance count must be a whole number from 1 to 100 \(got 0\)/);
		assert.match(problems, /process count per instance must be a whole number of at least 1/);
		assert.match(problems, /"sklearn" is not an environment reference: use azureml:<name>:<version>/);
		assert.match(problems, /\$\{\{inputs\.missing\}\}, but there is no input named "missing"/);
		assert.match(problems, /"1bad" is not a valid input name/);
		assert.match(problems, /"mnist" is not a data asset reference/);
	});

	it('quotes arguments only when the shell needs it, keeping input references readable', () => {
		assert.equal(pythonCommand('train.py', ['--data', '${{inputs.data}}', '--name', 'two words', "it's"]), `python train.py --data \${{inputs.data}} --name 'two words' 'it'\\''s'`);
		assert.equal(pythonCommand('train.py', ['--out=${{inputs.out}}/x']), 'python train.py --out=${{inputs.out}}/x');
	});
});
