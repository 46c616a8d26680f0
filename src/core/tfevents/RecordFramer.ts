import { maskedCrc32c, maskedCrc32cAt } from './crc32c';

/** 8 bytes of length and 4 of its CRC before the data, 4 of the data's CRC after it. */
const headerBytes = 12;
const footerBytes = 4;

/**
 * Records longer than this are passed over without being held in memory, their data unchecked: a
 * scalar Event is tens of bytes, and only graphs or images get near this size.
 */
export const maxRecordBytes = 16 * 1024 * 1024;

export interface FramerSink {
	/** A record whose length and data CRCs both checked: its data is bytes[start, end). */
	record(bytes: Uint8Array, view: DataView, start: number, end: number, fileOffset: number): void;
	/** The bytes at this file offset are not a valid record; reading resumes at the next one. */
	corrupt(fileOffset: number, reason: string): void;
}

/**
 * Splits a TFRecord stream into records, fed in chunks of any size: `uint64 length | masked
 * CRC-32C of the length | data | masked CRC-32C of the data`, little-endian. Only the bytes of a
 * record not yet complete are kept between chunks, so a record cut mid-write waits for its
 * remainder and a file of any size is read in bounded memory. A record whose length or data does
 * not check is reported once and skipped; reading resyncs at the next offset where a length
 * checks (a bad data CRC skips the record its checked length frames).
 */
export class RecordFramer {
	private pending = new Uint8Array(0);
	/** File offset of pending[0]. */
	private base = 0;
	/** Bytes still to pass over of a record too large to hold. */
	private skipping = 0;
	/** Inside a corrupt stretch: reported already, until a record checks again. */
	private resyncing = false;

	constructor(private readonly sink: FramerSink) {}

	/** The file offset up to which everything is framed: records, skipped stretches, nothing pending. */
	get framedOffset(): number {
		return this.base;
	}

	/** Bytes of an incomplete record held until more arrive (a truncated final record, so far). */
	get pendingBytes(): number {
		return this.pending.length;
	}

	push(chunk: Uint8Array): void {
		if (this.skipping > 0) {
			const skipped = Math.min(this.skipping, chunk.length);
			this.skipping -= skipped;
			this.base += skipped;
			chunk = chunk.subarray(skipped);
		}
		if (chunk.length === 0) {
			return;
		}
		if (this.pending.length > 0) {
			chunk = chunk.subarray(this.completePending(chunk));
			if (chunk.length === 0) {
				return;
			}
		}
		this.frame(this.pending.length === 0 ? chunk : concat(this.pending, chunk));
	}

	/**
	 * Frames the record the last chunk cut, joined with only the bytes of `chunk` that complete it,
	 * rather than copying the whole (megabytes long) chunk behind the pending bytes. Returns the bytes
	 * of `chunk` used: none when the pending record cannot be completed this way (its length does
	 * not check, it is too large to hold, or `chunk` does not hold its end), which push() then
	 * frames the general way.
	 */
	private completePending(chunk: Uint8Array): number {
		const pending = this.pending;
		const headerNeed = Math.max(0, headerBytes - pending.length);
		if (chunk.length < headerNeed) {
			return 0;
		}
		const header = headerNeed === 0 ? pending : concat(pending, chunk.subarray(0, headerNeed));
		const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
		const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
		if (length > maxRecordBytes || maskedCrc32cAt(header, 0, 8) !== view.getUint32(8, true)) {
			return 0;
		}
		const take = headerBytes + length + footerBytes - pending.length;
		if (take > chunk.length) {
			return 0;
		}
		this.pending = new Uint8Array(0);
		this.frame(concat(pending, chunk.subarray(0, take)));
		return take;
	}

	/** Frames every complete record of `bytes`, which starts at file offset `base`, and keeps the rest as pending. */
	private frame(bytes: Uint8Array): void {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		let pos = 0;
		while (bytes.length - pos >= headerBytes) {
			const length = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
			if (maskedCrc32cAt(bytes, pos, pos + 8) !== view.getUint32(pos + 8, true)) {
				this.reportCorrupt(this.base + pos, 'the record length does not match its CRC');
				pos++;
				continue;
			}
			const end = pos + headerBytes + length + footerBytes;
			if (length > maxRecordBytes) {
				this.resyncing = false;
				const available = Math.min(end, bytes.length);
				this.skipping = end - available;
				pos = available;
				continue;
			}
			if (end > bytes.length) {
				break;
			}
			const dataStart = pos + headerBytes;
			const dataEnd = dataStart + length;
			if (maskedCrc32c(bytes.subarray(dataStart, dataEnd)) !== view.getUint32(dataEnd, true)) {
				this.reportCorrupt(this.base + pos, 'the record data does not match its CRC');
			} else {
				this.resyncing = false;
				this.sink.record(bytes, view, dataStart, dataEnd, this.base + pos);
			}
			pos = end;
		}
		// Copied so that the chunk, which may be large, is not kept alive by a few pending bytes.
		this.pending = bytes.slice(pos);
		this.base += pos;
	}

	private reportCorrupt(fileOffset: number, reason: string): void {
		if (!this.resyncing) {
			this.resyncing = true;
			this.sink.corrupt(fileOffset, reason);
		}
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const joined = new Uint8Array(a.length + b.length);
	joined.set(a, 0);
	joined.set(b, a.length);
	return joined;
}
