import type { RangeReader } from '../backends/types';
import { EventDecoder, type EventSink } from './eventDecoder';
import { RecordFramer } from './RecordFramer';
import { WireError } from './wire';
import { rewriteOf } from '../logs/rewriteOf';

/** One ranged read asks for at most this much, so a 2 GB event file never sits in memory whole. */
export const eventFileChunkBytes = 4 * 1024 * 1024;

export interface EventFileRead {
	/** Bytes read from the file by this call; zero means nothing new. */
	readonly bytes: number;
	/**
	 * The file was replaced or shrank rather than appended to: what was taken from it before no
	 * longer holds, and the tail starts again from its beginning on its next read.
	 */
	readonly rewritten?: 'replaced' | 'shrunk';
}

/**
 * Follows one TensorBoard event file by byte offset, as LogTail follows a log: each read asks
 * only for bytes not seen yet, in chunks, and passes every complete record's Event to the sink.
 * A record cut mid-write is kept until its remainder arrives; a corrupt record is skipped with
 * one warning naming the file and its offset. State changes only after a read succeeded, so a
 * read that throws loses and repeats nothing.
 */
export class EventFileTail {
	private offset = 0;
	private generation: string | undefined;
	private framer: RecordFramer;
	private readonly decoder: EventDecoder;

	constructor(
		/** Swappable (a refreshed SAS URL) without losing the position. */
		public reader: RangeReader,
		readonly name: string,
		sink: EventSink,
		private readonly warn: (message: string) => void,
		private readonly chunkBytes = eventFileChunkBytes,
	) {
		this.decoder = new EventDecoder(sink);
		this.framer = this.newFramer();
	}

	/** Bytes of the file read so far. */
	get position(): number {
		return this.offset;
	}

	/** Bytes of a record not complete yet (a file whose writer is mid-record, or cut short for good). */
	get pendingBytes(): number {
		return this.framer.pendingBytes;
	}

	/** Reads everything new, chunk after chunk, up to the file's current end. */
	async read(signal?: AbortSignal): Promise<EventFileRead> {
		let total = 0;
		for (;;) {
			const result = await this.reader.read(this.offset, signal, this.chunkBytes);
			const rewritten = rewriteOf(result, this.generation, this.offset);
			if (rewritten) {
				this.offset = 0;
				this.generation = undefined;
				this.framer = this.newFramer();
				return { bytes: total, rewritten };
			}
			this.generation = result.generation ?? this.generation;
			const length = result.bytes.length;
			if (length === 0) {
				return { bytes: total };
			}
			this.offset += length;
			total += length;
			this.framer.push(result.bytes);
			// A short chunk is the end of the file for now (or a response cut short: the next read goes on from here).
			if (length < this.chunkBytes || (result.size !== undefined && this.offset >= result.size)) {
				return { bytes: total };
			}
		}
	}

	private newFramer(): RecordFramer {
		return new RecordFramer({
			record: (bytes, view, start, end, fileOffset) => {
				try {
					this.decoder.decode(bytes, view, start, end);
				} catch (error) {
					if (!(error instanceof WireError)) {
						throw error;
					}
					this.warn(`Event file ${this.name}: skipped the record at byte ${fileOffset}, which is not an Event (${error.message}).`);
				}
			},
			corrupt: (fileOffset, reason) => {
				this.warn(`Event file ${this.name}: skipped a corrupt record at byte ${fileOffset} (${reason}); reading resumes at the next valid record.`);
			},
		});
	}
}
