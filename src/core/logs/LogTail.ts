import type { RangeReader } from '../backends/types';
import { LineSplitter } from './LineSplitter';
import { rewriteOf } from './rewriteOf';

export interface TailRead {
	/** Complete lines the read finished, in order. */
	readonly lines: string[];
	/** Bytes consumed; zero means no new data. */
	readonly bytes: number;
	/**
	 * Set when the file turned out to be rewritten rather than appended to: nothing of this read was
	 * used, and the tail starts again from the beginning of the file on its next read.
	 */
	readonly rewritten?: 'replaced' | 'shrunk';
}

/**
 * Follows one log file by byte offset, asking its reader only for bytes it has not seen. State
 * changes only after a read succeeded, so a read that throws loses and repeats nothing: the
 * next read asks for the same bytes again.
 */
export class LogTail {
	private offset = 0;
	private generation: string | undefined;
	private readonly splitter = new LineSplitter();

	/** The reader can be swapped (a refreshed SAS URL) without losing the position. */
	constructor(public reader: RangeReader) {}

	/** How many bytes of the file have been consumed. */
	get position(): number {
		return this.offset;
	}

	async read(signal?: AbortSignal): Promise<TailRead> {
		const result = await this.reader.read(this.offset, signal);
		const rewritten = rewriteOf(result, this.generation, this.offset);
		if (rewritten) {
			this.offset = 0;
			this.generation = undefined;
			this.splitter.reset();
			return { lines: [], bytes: 0, rewritten };
		}
		this.generation = result.generation ?? this.generation;
		this.offset += result.bytes.length;
		return { lines: result.bytes.length > 0 ? this.splitter.push(result.bytes) : [], bytes: result.bytes.length };
	}

	/** The file is complete: its unterminated last line, if any. */
	flush(): string[] {
		return this.splitter.flush();
	}
}
