import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { LocalBackend } from '../../../../../src/core/backends/local/localBackend';
import { listLocalModels, listLocalModelVersions, modelNameProblem, registerLocalModel } from '../../../../../src/core/backends/local/modelRegistry';
import type { MetricPoint, RunBackend } from '../../../../../src/core/backends/types';
import { latestMetricValues } from '../../../../../src/core/models/runMetrics';

describe('Local model registry (MLflow file-store layout)', () => {
	let dir: string;
	let store: string;
	let outputs: string;

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'model-registry-'));
		store = path.join(dir, 'mlruns');
		outputs = path.join(dir, 'outputs');
		mkdirSync(outputs, { recursive: true });
		writeFileSync(path.join(outputs, 'model.npz'), 'weights');
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('writes a version as MLflow does, with the metrics as tags', async () => {
		const version = await registerLocalModel(store, { name: 'mnist', path: outputs, runId: 'abc123', description: 'LeNet', tags: { val_accuracy: '0.98', 'train/loss': '0.1' } }, 1700000000000);
		assert.equal(version.version, '1');
		const modelMeta: unknown = parse(readFileSync(path.join(store, 'models', 'mnist', 'meta.yaml'), 'utf8'));
		assert.deepEqual(modelMeta, { creation_timestamp: 1700000000000, description: null, last_updated_timestamp: 1700000000000, name: 'mnist' });
		const versionDir = path.join(store, 'models', 'mnist', 'version-1');
		const meta = parse(readFileSync(path.join(versionDir, 'meta.yaml'), 'utf8')) as Record<string, unknown>;
		assert.equal(meta.version, 1, 'MLflow stores the version as a number');
		assert.equal(meta.status, 'READY');
		assert.equal(meta.current_stage, 'None');
		assert.equal(meta.run_id, 'abc123');
		assert.equal(meta.description, 'LeNet');
		assert.match(String(meta.source), /^file:\/\//);
		assert.equal(readFileSync(path.join(versionDir, 'tags', 'val_accuracy'), 'utf8'), '0.98');
		assert.equal(readFileSync(path.join(versionDir, 'tags', 'train', 'loss'), 'utf8'), '0.1');
	});

	it('numbers versions 1, 2, ... and lists them newest first with their tags and path', async () => {
		await registerLocalModel(store, { name: 'mnist', path: outputs, tags: { val_accuracy: '0.9' } });
		await registerLocalModel(store, { name: 'mnist', path: path.join(outputs, 'model.npz'), tags: { val_accuracy: '0.95' } });
		await registerLocalModel(store, { name: 'currency', path: outputs });
		assert.deepEqual(await listLocalModels(store), ['currency', 'mnist']);
		const versions = await listLocalModelVersions(store, 'mnist');
		assert.deepEqual(versions.map((v) => [v.version, v.tags.val_accuracy, v.path]), [
			['2', '0.95', path.join(outputs, 'model.npz')],
			['1', '0.9', outputs],
		]);
	});

	it('gives concurrent registrations different versions', async () => {
		const versions = await Promise.all([1, 2, 3, 4].map(() => registerLocalModel(store, { name: 'm', path: outputs })));
		assert.deepEqual(versions.map((v) => v.version).sort(), ['1', '2', '3', '4']);
	});

	it('refuses a bad name or tag before writing anything, saying the rule', async () => {
		assert.match(modelNameProblem('-x') ?? '', /use 1 to 255 letters, digits/);
		assert.equal(modelNameProblem('mnist_v2.1-a'), undefined);
		await assert.rejects(registerLocalModel(store, { name: 'a/b', path: outputs }), /not a valid model name/);
		await assert.rejects(registerLocalModel(store, { name: 'ok', path: outputs, tags: { '../x': '1' } }), /not a valid tag name/);
		assert.equal(existsSync(path.join(store, 'models')), false);
	});

	it('leaves the runs of the store as they were', async () => {
		await registerLocalModel(store, { name: 'mnist', path: outputs });
		assert.deepEqual(await new LocalBackend(store).listExperiments(), []);
	});
});

describe('latest metric values of a run', () => {
	it('takes the last logged value of each metric, as text', async () => {
		const histories: Record<string, MetricPoint[]> = {
			val_loss: [{ step: 2, value: 0.25, timestamp: 3 }, { step: 1, value: 0.5, timestamp: 2 }],
			val_accuracy: [{ step: 1, value: 0.9871, timestamp: 1 }],
			broken: [{ step: 0, value: Number.NaN, timestamp: 1 }],
			empty: [],
		};
		const backend = {
			listMetricKeys: () => Promise.resolve(Object.keys(histories)),
			getMetricHistory: (_run: string, key: string) => Promise.resolve(histories[key]),
		} as unknown as RunBackend;
		assert.deepEqual(await latestMetricValues(backend, 'run'), { val_loss: '0.25', val_accuracy: '0.9871' });
	});
});
