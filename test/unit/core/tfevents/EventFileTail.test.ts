import * as assert from 'node:assert/strict';
import { FileRangeReader } from '../../../../src/core/backends/local/fileRangeReader';
import { EventFileTail } from '../../../../src/core/tfevents/EventFileTail';
import { maxRecordBytes } from '../../../../src/core/tfevents/RecordFramer';
import { ScalarSeries } from '../../../../src/core/tfevents/ScalarSeries';
import { concat, fileVersionEvent, fixture, fixturePath, GrowingFile, points, record, recordHeader, RecordingSink, simpleEvent } from './eventBytes';

async function readWhole(data: Uint8Array, chunkBytes?: number): Promise<{ sink: RecordingSink; warnings: string[]; tail: EventFileTail }> {
	const sink = new RecordingSink();
	const warnings: string[] = [];
	const tail = new EventFileTail(new GrowingFile(data), 'logs/events.out.tfevents.1', sink, (w) => warnings.push(w), chunkBytes);
	await tail.read();
	return { sink, warnings, tail };
}

function fileOf(...payloads: Uint8Array[]): Uint8Array {
	return concat(...payloads.map(record));
}

describe('tfevents: EventFileTail on real event files', () => {
	it('reads PyTorch SummaryWriter simple_value scalars: 100 points of strict/foo, steps 0..495', async () => {
		const { sink, warnings, tail } = await readWhole(fixture('tensorboard-reducer', 'strict', 'run_1', 'events.out.tfevents.1622543341.janoshs-mbp.lan.86862.0'));
		const foo = sink.series('strict/foo');
		assert.equal(foo.length, 100);
		assert.deepEqual(foo.map(([step]) => step), Array.from({ length: 100 }, (_, i) => i * 5));
		assert.deepEqual(foo[0], [0, 1.4962565898895264]);
		assert.deepEqual(foo[99], [495, 1.212090253829956]);
		assert.deepEqual(warnings, []);
		assert.equal(tail.pendingBytes, 0);
	});

	it('reads the tag sets of two PyTorch runs and keeps duplicate steps as logged', async () => {
		const lax1 = (await readWhole(fixture('tensorboard-reducer', 'lax', 'run_1', 'events.out.tfevents.1622543341.janoshs-mbp.lan.86862.3'))).sink;
		const lax2 = (await readWhole(fixture('tensorboard-reducer', 'lax', 'run_2', 'events.out.tfevents.1622543341.janoshs-mbp.lan.86862.4'))).sink;
		assert.deepEqual([...new Set(lax1.scalars.map((s) => s.tag))], ['lax/foo', 'lax/bar_1', 'lax/bar_2']);
		assert.deepEqual([...new Set(lax2.scalars.map((s) => s.tag))], ['lax/foo', 'lax/bar_2', 'lax/bar_3']);
		assert.equal(lax2.series('lax/bar_3').length, 120);
		const dup = (await readWhole(fixture('tensorboard-reducer', 'duplicate_steps', 'run_1', 'events.out.tfevents.1622966509.janoshs-mbp.lan.86059.0'))).sink;
		const foo = dup.series('dup_steps/foo');
		assert.equal(foo.length, 210);
		assert.ok(new Set(foo.map(([step]) => step)).size < 210, 'some steps are logged twice');
		assert.deepEqual(foo.at(-1), [199, 1.5478503704071045]);
	});

	it('reads a Keras callback train/validation pair: epoch scalars in both, batch scalars, and the graph and run metadata counted', async () => {
		const train = new ScalarSeries();
		const validation = new ScalarSeries();
		const warnings: string[] = [];
		await new EventFileTail(new FileRangeReader(fixturePath('tfx-keras', 'train', 'events.out.tfevents.1598485465.penguin.1486.6519.v2')), 'train', train, (w) => warnings.push(w)).read();
		await new EventFileTail(new FileRangeReader(fixturePath('tfx-keras', 'validation', 'events.out.tfevents.1598485465.penguin.1486.7304.v2')), 'validation', validation, (w) => warnings.push(w)).read();
		assert.deepEqual([...train.series.keys()].sort(), ['batch_loss', 'batch_sparse_categorical_accuracy', 'epoch_loss', 'epoch_sparse_categorical_accuracy']);
		assert.deepEqual([...validation.series.keys()].sort(), ['epoch_loss', 'epoch_sparse_categorical_accuracy']);
		assert.deepEqual(points(train.series.get('epoch_loss')).at(0), [0, 0.7489656209945679]);
		assert.deepEqual(points(validation.series.get('epoch_loss')).at(-1), [19, 0.11285912245512009]);
		assert.equal(points(validation.series.get('epoch_loss')).length, 20);
		assert.deepEqual(Object.fromEntries(train.others), {
			keras: { kind: 'graph_keras_model', count: 1 },
			batch_2: { kind: 'graph_run_metadata_graph', count: 1 },
			graph: { kind: 'graph', count: 1 },
		});
		assert.ok((train.series.get('epoch_loss')?.timestamps[0] ?? 0) > 1_598_485_465_000, 'wall times in epoch milliseconds');
		assert.deepEqual(warnings, []);
	});

	it('reads TF2 tf.summary.scalar tensor-encoded scalars with step 0 omitted', async () => {
		const { sink, warnings } = await readWhole(fixture('katib-tf2', 'train', 'events.out.tfevents.1637681485.2d662933d616.19.0.v2'));
		assert.deepEqual(sink.series('loss').map(([step]) => step), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		assert.deepEqual(sink.series('loss')[0], [0, 0.20479995012283325]);
		assert.deepEqual(sink.series('accuracy')[9], [9, 0.9896299839019775]);
		assert.deepEqual(warnings, []);
	});

	it('shows the 71 complete records of a Lightning file that ends in a cut record, with no warning, and waits for the rest', async () => {
		const data = fixture('mintomics-lightning', 'version_32', 'events.out.tfevents.1704692334.multicom.eecs.missouri.edu');
		const file = new GrowingFile(data);
		const sink = new RecordingSink();
		const warnings: string[] = [];
		const tail = new EventFileTail(file, 'lightning', sink, (w) => warnings.push(w));
		await tail.read();
		assert.deepEqual(warnings, []);
		assert.equal(tail.pendingBytes, 4078 - 4066);
		assert.equal(sink.series('train_loss_step').length, 11);
		assert.equal(sink.others.filter((o) => o.kind === 'hparams').length, 3);
		const before = sink.scalars.length;
		assert.deepEqual(await tail.read(), { bytes: 0 });
		assert.equal(sink.scalars.length, before);
	});
});

describe('tfevents: EventFileTail while a file grows, breaks or is huge', () => {
	it('gives the same points whatever the chunking, and reads each byte once while the file grows', async () => {
		const data = fixture('tfx-keras', 'train', 'events.out.tfevents.1598485465.penguin.1486.6519.v2');
		const whole = (await readWhole(data)).sink.scalars;
		for (const chunkBytes of [1, 7, 64, 1000]) {
			assert.deepEqual((await readWhole(data, chunkBytes)).sink.scalars, whole, `chunks of ${chunkBytes}`);
		}
		const file = new GrowingFile();
		const sink = new RecordingSink();
		const tail = new EventFileTail(file, 'train', sink, () => assert.fail('no warning expected'), 256);
		for (let at = 0; at < data.length; at += 333) {
			file.append(data.subarray(at, at + 333));
			await tail.read();
		}
		assert.deepEqual(sink.scalars, whole);
		assert.equal(file.bytesServed, data.length);
		assert.ok(file.requests.every((r) => r.maxBytes === 256));
	});

	it('skips a record whose data CRC fails with one warning naming the file and offset, and reads on', async () => {
		const records = [fileVersionEvent, simpleEvent('loss', 1, 0.5), simpleEvent('loss', 2, 0.4), simpleEvent('loss', 3, 0.3)].map(record);
		const data = concat(...records);
		const badAt = records[0].length + records[1].length;
		data[badAt + 14] ^= 0xff;
		const { sink, warnings } = await readWhole(data);
		assert.deepEqual(sink.series('loss'), [[1, 0.5], [3, 0.30000001192092896]]);
		assert.equal(warnings.length, 1);
		assert.match(warnings[0], new RegExp(`logs/events\\.out\\.tfevents\\.1.*byte ${badAt}\\b.*data`));
	});

	it('resyncs at the next valid record after garbage or a broken length, with one warning for the stretch', async () => {
		const good = [simpleEvent('loss', 1, 1), simpleEvent('loss', 2, 2), simpleEvent('loss', 3, 3)].map(record);
		const garbage = Uint8Array.from({ length: 301 }, (_, i) => (i * 37 + 11) & 0xff);
		const brokenLength = record(simpleEvent('loss', 9, 9));
		brokenLength[3] = 0x40;
		const data = concat(good[0], garbage, good[1], brokenLength, good[2]);
		for (const chunkBytes of [5, 4096]) {
			const { sink, warnings } = await readWhole(data, chunkBytes);
			assert.deepEqual(sink.series('loss'), [[1, 1], [2, 2], [3, 3]], `chunks of ${chunkBytes}`);
			assert.equal(warnings.length, 2);
			assert.match(warnings[0], new RegExp(`byte ${good[0].length}\\b.*length`));
			assert.match(warnings[1], new RegExp(`byte ${good[0].length + garbage.length + good[1].length}\\b`));
		}
	});

	it('warns about a record that checks but is not an Event, and goes on', async () => {
		const { sink, warnings } = await readWhole(fileOf(Uint8Array.of(0x0a, 0x7f), simpleEvent('acc', 1, 0.5)));
		assert.deepEqual(sink.series('acc'), [[1, 0.5]]);
		assert.equal(warnings.length, 1);
		assert.match(warnings[0], /byte 0\b.*not an Event/);
	});

	it('passes over a record too large to hold without buffering it, in bounded memory', async () => {
		const length = maxRecordBytes + 10;
		const framed = concat(recordHeader(length), new Uint8Array(length + 4));
		const data = concat(record(simpleEvent('loss', 1, 1)), framed, record(simpleEvent('loss', 2, 2)));
		const { sink, warnings, tail } = await readWhole(data, 1024 * 1024);
		assert.deepEqual(sink.series('loss'), [[1, 1], [2, 2]]);
		assert.deepEqual(warnings, []);
		assert.equal(tail.pendingBytes, 0);
	});

	it('reads a local file in bounded chunks through FileRangeReader', async () => {
		const file = fixturePath('katib-tf2', 'train', 'events.out.tfevents.1637681485.2d662933d616.19.0.v2');
		const part = await new FileRangeReader(file).read(10, undefined, 7);
		assert.deepEqual(Array.from(part.bytes), Array.from(fixture('katib-tf2', 'train', 'events.out.tfevents.1637681485.2d662933d616.19.0.v2').subarray(10, 17)));
		assert.equal(part.size, 1316);
		const sink = new RecordingSink();
		const tail = new EventFileTail(new FileRangeReader(file), 'katib', sink, () => assert.fail('no warning expected'), 100);
		await tail.read();
		assert.equal(tail.position, 1316);
		assert.equal(sink.series('loss').length, 10);
	});

	it('starts over when the file is replaced, and says so', async () => {
		const file = new GrowingFile(fileOf(simpleEvent('loss', 1, 1)));
		const sink = new RecordingSink();
		const tail = new EventFileTail(file, 'x', sink, () => undefined);
		await tail.read();
		file.data = fileOf(simpleEvent('loss', 1, 5));
		file.generation = 'g2';
		assert.equal((await tail.read()).rewritten, 'replaced');
		await tail.read();
		assert.deepEqual(sink.series('loss'), [[1, 1], [1, 5]]);
	});
});
