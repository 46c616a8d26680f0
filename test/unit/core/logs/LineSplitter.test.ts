import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../../src/core/logs/LineSplitter';
import { bytes } from './fakes';

describe('LineSplitter', () => {
	it('emits only complete lines, keeping the rest until its newline', () => {
		const splitter = new LineSplitter();
		assert.deepEqual(splitter.push(bytes('epo')), []);
		assert.deepEqual(splitter.push(bytes('ch 1\nepoch')), ['epoch 1']);
		assert.deepEqual(splitter.push(bytes(' 2\n\nepoch 3\n')), ['epoch 2', '', 'epoch 3']);
		assert.deepEqual(splitter.flush(), []);
	});

	it('decodes a UTF-8 character split across two reads whole', () => {
		const splitter = new LineSplitter();
		const line = bytes('loss 0.5 → 0.4 ✓ 日本\n');
		const cut = line.indexOf(0xe2) + 2; // after two of the three bytes of "→"
		assert.deepEqual(splitter.push(line.subarray(0, cut)), []);
		assert.deepEqual(splitter.push(line.subarray(cut)), ['loss 0.5 → 0.4 ✓ 日本']);
	});

	it('decodes a four-byte character fed one byte at a time', () => {
		const splitter = new LineSplitter();
		const out: string[] = [];
		for (const b of bytes('🚀 done\n')) {
			out.push(...splitter.push(Uint8Array.of(b)));
		}
		assert.deepEqual(out, ['🚀 done']);
	});

	it('treats CRLF as one line break, even when split between reads', () => {
		const splitter = new LineSplitter();
		assert.deepEqual(splitter.push(bytes('a\r\nb\r')), ['a']);
		assert.deepEqual(splitter.push(bytes('\nc\r\n')), ['b', 'c']);
	});

	it('ends a line at a lone CR, as progress bars redraw', () => {
		const splitter = new LineSplitter();
		assert.deepEqual(splitter.push(bytes('10%\r50%\r')), ['10%']);
		assert.deepEqual(splitter.push(bytes('100%\ndone')), ['50%', '100%']);
		assert.deepEqual(splitter.flush(), ['done']);
	});

	it('flushes an unterminated last line, a held CR and a cut character when the file is complete', () => {
		const held = new LineSplitter();
		assert.deepEqual(held.push(bytes('last\r')), []);
		assert.deepEqual(held.flush(), ['last']);

		const cut = new LineSplitter();
		assert.deepEqual(cut.push(bytes('x €').subarray(0, 3)), []);
		assert.deepEqual(cut.flush(), ['x \uFFFD']);
	});

	it('forgets a partial line and decoder state on reset', () => {
		const splitter = new LineSplitter();
		// "old" and the first two bytes of "→"
		splitter.push(Uint8Array.of(0x6f, 0x6c, 0x64, 0xe2, 0x86));
		splitter.reset();
		assert.deepEqual(splitter.push(bytes('new\n')), ['new']);
	});
});
