import * as assert from 'node:assert/strict';
import { jobOutputUri, mlflowFlavors, modelVersionProblem, nextVersion, parseJobOutputUri, parseTags, tagsProblem } from '../../../../src/core/models/modelDetails';

describe('model details', () => {
	it('reads tags as comma-separated key=value pairs', () => {
		assert.deepEqual(parseTags('framework=keras, stage = dev,flag'), { framework: 'keras', stage: 'dev', flag: '' });
		assert.deepEqual(parseTags('  '), {});
		assert.match(tagsProblem('=x') ?? '', /not a valid tag: write key=value pairs/);
		assert.match(tagsProblem('a=1, a=2') ?? '', /"a" is given twice/);
		assert.match(tagsProblem('bad*key=1') ?? '', /not a valid tag/);
	});

	it('numbers the next version and checks version labels', () => {
		assert.equal(nextVersion(undefined), '1');
		assert.equal(nextVersion('9'), '10');
		assert.equal(modelVersionProblem('3'), undefined);
		assert.match(modelVersionProblem('-3') ?? '', /not a valid version/);
	});

	it('writes and reads job output paths (a folder ends with /)', () => {
		assert.equal(jobOutputUri('job-1', 'outputs/model', true), 'azureml://jobs/job-1/outputs/artifacts/paths/outputs/model/');
		assert.equal(jobOutputUri('job-1', 'outputs/model.pkl', false), 'azureml://jobs/job-1/outputs/artifacts/paths/outputs/model.pkl');
		assert.deepEqual(parseJobOutputUri('azureml://jobs/job-1/outputs/artifacts/paths/outputs/'), { runId: 'job-1', path: 'outputs', folder: true });
		assert.deepEqual(parseJobOutputUri('azureml://jobs/job-1/outputs/artifacts/paths/outputs/model.pkl'), { runId: 'job-1', path: 'outputs/model.pkl', folder: false });
		assert.equal(parseJobOutputUri('azureml://datastores/workspaceblobstore/paths/x/'), undefined);
	});

	it('takes an MLmodel file\'s flavors with their settings as strings, as the service stores them', () => {
		const mlmodel = 'artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    python_version: 3.8.5\n  sklearn:\n    sklearn_version: 0.23.2\n    pickled_model: model.pkl\n    serialization_format: cloudpickle\n    code: null\n';
		assert.deepEqual(mlflowFlavors(mlmodel), {
			python_function: { data: { loader_module: 'mlflow.sklearn', python_version: '3.8.5' } },
			sklearn: { data: { sklearn_version: '0.23.2', pickled_model: 'model.pkl', serialization_format: 'cloudpickle' } },
		});
		assert.deepEqual(mlflowFlavors('not: [yaml'), {});
	});
});
