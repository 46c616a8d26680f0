import * as assert from 'node:assert/strict';
import { LogTail } from '../../../../src/core/logs/LogTail';
import { bytes, httpError, MemoryLog } from './fakes';

async function readAll(tail: LogTail, times: number): Promise<string[]> {
	const lines: string[] = [];
	for (let i = 0; i < times; i++) {
		lines.push(...(await tail.read()).lines);
	}
	return lines;
}

describe('LogTail', () => {
	it('asks only for bytes it has not seen and emits complete lines across odd append boundaries', async () => {
		const log = new MemoryLog('step 1\nst');
		const tail = new LogTail(log);
		assert.deepEqual((await tail.read()).lines, ['step 1']);
		log.append('ep 2\nstep 3');
		assert.deepEqual((await tail.read()).lines, ['step 2']);
		log.append('\n');
		assert.deepEqual((await tail.read()).lines, ['step 3']);
		assert.deepEqual(log.offsets, [0, 9, 20]);
		assert.equal(log.bytesServed, log.size);
	});

	it('keeps a line a body cut mid-line until its rest arrives', async () => {
		const log = new MemoryLog('alpha\nbravo\ncharlie\n');
		log.maxChunk = 8; // every response cut short: "alpha\nbr", "avo\nchar", "lie\n"
		const tail = new LogTail(log);
		assert.deepEqual(await readAll(tail, 3), ['alpha', 'bravo', 'charlie']);
		assert.equal(tail.position, log.size);
	});

	it('brings a UTF-8 character split across two reads out whole', async () => {
		const log = new MemoryLog();
		const line = bytes('accuracy ≥ 0.9\n');
		const cut = line.indexOf(0xe2) + 1;
		log.append(line.subarray(0, cut));
		const tail = new LogTail(log);
		assert.deepEqual((await tail.read()).lines, []);
		log.append(line.subarray(cut));
		assert.deepEqual((await tail.read()).lines, ['accuracy ≥ 0.9']);
	});

	it('treats zero bytes at the end (416 or an empty 206) as no new data', async () => {
		const log = new MemoryLog('a\n');
		const tail = new LogTail(log);
		await tail.read();
		log.withGeneration = false;
		assert.deepEqual(await tail.read(), { lines: [], bytes: 0 });
		assert.deepEqual(await tail.read(), { lines: [], bytes: 0 });
		assert.deepEqual(log.offsets, [0, 2, 2]);
	});

	it('loses and repeats nothing when a read throws', async () => {
		const log = new MemoryLog('one\ntw');
		const tail = new LogTail(log);
		assert.deepEqual((await tail.read()).lines, ['one']);
		log.append('o\nthree\n');
		log.failNext(httpError(503, 'Service Unavailable'), new Error('read ECONNRESET'));
		await assert.rejects(tail.read(), /Service Unavailable/);
		await assert.rejects(tail.read(), /ECONNRESET/);
		assert.deepEqual((await tail.read()).lines, ['two', 'three']);
		assert.deepEqual(log.offsets, [0, 6, 6, 6]);
	});

	it('reports a file replaced under a new ETag and reads it again from the start', async () => {
		const log = new MemoryLog('old 1\nold 2\nold par');
		const tail = new LogTail(log);
		assert.deepEqual((await tail.read()).lines, ['old 1', 'old 2']);
		log.rewrite('new 1\nnew 2\nnew 3\n');
		assert.deepEqual(await tail.read(), { lines: [], bytes: 0, rewritten: 'replaced' });
		assert.equal(tail.position, 0);
		assert.deepEqual((await tail.read()).lines, ['new 1', 'new 2', 'new 3']);
	});

	it('reports a file cut below its offset as truncated', async () => {
		const log = new MemoryLog('line 1\nline 2\n');
		const tail = new LogTail(log);
		await tail.read();
		log.truncate('x\n');
		assert.deepEqual(await tail.read(), { lines: [], bytes: 0, rewritten: 'shrunk' });
		assert.deepEqual((await tail.read()).lines, ['x']);
	});

	it('keeps its position when given a new reader for the same file (a refreshed SAS URL)', async () => {
		const log = new MemoryLog('a\nb');
		const tail = new LogTail(log);
		await tail.read();
		const fresh = new MemoryLog('a\nb\nc\n');
		tail.reader = fresh;
		assert.deepEqual((await tail.read()).lines, ['b', 'c']);
		assert.deepEqual(fresh.offsets, [3]);
	});

	it('flushes the unterminated last line once the file is complete', async () => {
		const tail = new LogTail(new MemoryLog('done\nexit code 0'));
		assert.deepEqual((await tail.read()).lines, ['done']);
		assert.deepEqual(tail.flush(), ['exit code 0']);
	});
});
