import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileRangeReader } from '../../../../../src/core/backends/local/fileRangeReader';
import { maxReadBytes } from '../../../../../src/core/logs/readLimit';

describe('FileRangeReader', () => {
	let dir: string;
	before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'range-'))));
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('reads a file larger than one read in bounded chunks, never allocating the rest', async () => {
		const file = path.join(dir, '70_driver_log.txt');
		writeFileSync(file, Buffer.alloc(maxReadBytes + 10, 0x62));
		const reader = new FileRangeReader(file);
		const first = await reader.read(0);
		assert.equal(first.bytes.length, maxReadBytes);
		assert.equal(first.bytes.buffer.byteLength, maxReadBytes);
		assert.equal(first.size, maxReadBytes + 10);
		assert.equal((await reader.read(maxReadBytes)).bytes.length, 10);
		assert.equal((await reader.read(maxReadBytes + 10)).bytes.length, 0);
	});
});
