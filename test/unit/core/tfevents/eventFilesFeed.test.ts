import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { silentLogger } from '../../../../src/core/logger';
import { eventFolderId, MetricsFeed, type FeedListener, type SeriesChange } from '../../../../src/core/metrics/MetricsFeed';
import { eventFolderOf, isEventFileName } from '../../../../src/core/tfevents/eventFileNames';
import { RunEventFiles } from '../../../../src/core/tfevents/RunEventFiles';
import { describeOthers } from '../../../../src/core/tfevents/ScalarSeries';
import { InMemoryRunBackend, trainingCurve } from '../../../support/InMemoryRunBackend';
import { fixture, GrowingFile, record, simpleEvent } from './eventBytes';

const trainName = 'logs/train/events.out.tfevents.1598485465.penguin.1486.6519.v2';
const validationName = 'logs/validation/events.out.tfevents.1598485465.penguin.1486.7304.v2';

const until = async (condition: () => boolean) => {
	while (!condition()) {
		await new Promise((r) => setTimeout(r, 5));
	}
};

describe('tfevents: event file names', () => {
	it('takes event files under logs/ and outputs/ at any depth, and nothing else', () => {
		assert.ok(isEventFileName('logs/events.out.tfevents.1622543341.host.86862.0'));
		assert.ok(isEventFileName('logs/fit/20240101/train/events.out.tfevents.1.h.1.0.v2'));
		assert.ok(isEventFileName('outputs/runs/May01/events.out.tfevents.1.h'));
		assert.ok(!isEventFileName('azureml-logs/70_driver_log.txt'));
		assert.ok(!isEventFileName('user_logs/events.out.tfevents.1.h'));
		assert.ok(!isEventFileName('logs/train/events.out.tfevents.1.h/inner.txt'));
		assert.ok(!isEventFileName('logs/train/notes.txt'));
		assert.equal(eventFolderOf('logs/train/events.out.tfevents.1.h'), 'logs/train');
	});

	it('names a file found on Windows and on POSIX the same way', () => {
		for (const p of [path.win32, path.posix]) {
			const artifacts = p.join(p.sep === '\\' ? 'C:\\runs' : '/runs', 'artifacts');
			const file = p.join(artifacts, 'logs', 'validation', 'events.out.tfevents.1.h.v2');
			const name = p.relative(artifacts, file).split(p.sep).join('/');
			assert.equal(name, 'logs/validation/events.out.tfevents.1.h.v2');
			assert.ok(isEventFileName(name));
		}
	});
});

describe('tfevents: RunEventFiles and the metrics feed', () => {
	let feed: MetricsFeed | undefined;
	afterEach(() => feed?.dispose());

	it('charts a Keras train/validation pair as one series per folder while the files grow, beside the MLflow metrics', async () => {
		const trainData = fixture('tfx-keras', 'train', 'events.out.tfevents.1598485465.penguin.1486.6519.v2');
		const validationData = fixture('tfx-keras', 'validation', 'events.out.tfevents.1598485465.penguin.1486.7304.v2');
		const train = new GrowingFile(trainData.subarray(0, 15000));
		const validation = new GrowingFile();
		const backend = new InMemoryRunBackend().addRun('a', 'Running').log('a', 'accuracy', trainingCurve(0, 3)).addEventFile('a', { name: trainName, reader: train });
		const series: { id: string; key: string; change: SeriesChange; length: number }[] = [];
		const folders: { parent: string; id: string; folder: string; note: string | undefined }[] = [];
		const listener: FeedListener = {
			onRunState: () => undefined,
			onSeries: (id, key, change, columns) => series.push({ id, key, change, length: columns.length }),
			onEventFolder: (parent, id, folder, others) => folders.push({ parent, id, folder, note: describeOthers(others) }),
		};
		feed = new MetricsFeed([{ id: 'A', backend, runId: 'a' }], listener, { logger: silentLogger, intervalMs: 10 });
		await feed.start();
		const trainId = eventFolderId('A', 'logs/train');
		assert.deepEqual(folders.map((f) => [f.parent, f.id, f.folder]), [['A', trainId, 'logs/train']]);
		assert.ok(series.some((s) => s.id === 'A' && s.key === 'accuracy'));
		const early = series.find((s) => s.id === trainId);
		assert.equal(early?.change.kind, 'replace');
		const earlyKey = early?.key ?? '';

		// The rest of train/ arrives, and validation/ appears: a new file picked up.
		train.append(trainData.subarray(15000));
		validation.append(validationData);
		backend.addEventFile('a', { name: validationName, reader: validation });
		await until(() => series.some((s) => s.id === eventFolderId('A', 'logs/validation') && s.key === 'epoch_loss'));
		backend.setStatus('a', 'Completed');
		await until(() => !feed?.isPolling);

		const last = (id: string, key: string) => series.filter((s) => s.id === id && s.key === key).at(-1);
		assert.equal(last(trainId, 'epoch_loss')?.length, 20);
		assert.equal(last(eventFolderId('A', 'logs/validation'), 'epoch_loss')?.length, 20);
		const laterOfEarly = series.filter((s) => s.id === trainId && s.key === earlyKey).slice(1);
		assert.ok(laterOfEarly.length > 0 && laterOfEarly.every((s) => s.change.kind === 'append'), 'only new points after the first');
		assert.match(folders.filter((f) => f.folder === 'logs/train').at(-1)?.note ?? '', /^Not charted: .*keras \(graph_keras_model\)/);
		assert.equal(train.bytesServed, trainData.length, 'each byte read once');
		const snapshot = feed.snapshot().map((s) => s.id);
		assert.deepEqual(snapshot, ['A', trainId, eventFolderId('A', 'logs/validation')]);
	});

	it('reports points a refresh read before another file failed, on the next refresh', async () => {
		const first = new GrowingFile(record(simpleEvent('loss', 1, 1)));
		let fail = true;
		const files = new RunEventFiles(async () => {
			if (fail) {
				fail = false;
				await first.read(0);
				throw new Error('listing failed');
			}
			return [{ name: 'logs/events.out.tfevents.1.h', reader: first }];
		}, () => undefined);
		await assert.rejects(files.refresh(), /listing failed/);
		const updates = await files.refresh();
		assert.equal(updates.length, 1);
		assert.equal(updates[0].series.get('loss')?.columns.length, 1);
		first.append(record(simpleEvent('loss', 2, 2)));
		const next = await files.refresh();
		assert.deepEqual(next[0].series.get('loss')?.change, { kind: 'append', from: 1 });
	});

	it('starts a folder over when one of its files is replaced', async () => {
		const file = new GrowingFile(record(simpleEvent('loss', 1, 1)));
		const files = new RunEventFiles(() => Promise.resolve([{ name: 'logs/events.out.tfevents.1.h', reader: file }]), () => undefined);
		await files.refresh();
		file.data = record(simpleEvent('loss', 1, 7));
		file.generation = 'g2';
		const replaced = await files.refresh();
		assert.deepEqual(replaced[0].series.get('loss')?.change, { kind: 'replace' });
		assert.equal(replaced[0].series.get('loss')?.columns.length, 0);
		const reread = await files.refresh();
		assert.deepEqual(reread[0].series.get('loss')?.change, { kind: 'append', from: 0 });
		assert.deepEqual(Array.from(reread[0].series.get('loss')?.columns.values ?? []), [7]);
	});
});
