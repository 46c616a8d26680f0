import * as crc32cModule from 'crc-32/crc32c';

const crc32cOf = crc32cModule.buf;
/** The package's byte-at-a-time table (exported by crc-32, not declared in its types). */
const table = (crc32cModule as unknown as { table: Int32Array }).table;

/** TensorFlow adds this to the rotated CRC so that a CRC of data holding CRCs is not trivially related to them. */
const maskDelta = 0xa282ead8;

/**
 * The masked CRC-32C (Castagnoli) that TFRecord framing stores after the length and after the
 * data: `((c >>> 15) | (c << 17)) + 0xA282EAD8`, modulo 2^32.
 */
export function maskedCrc32c(bytes: Uint8Array): number {
	return mask(crc32cOf(bytes, 0) >>> 0);
}

/**
 * The same over bytes[start, end), for the 8 bytes of a record's length: crc-32's table a byte at a
 * time, which for so few bytes is as fast as its sliced loop and needs no subarray per record.
 */
export function maskedCrc32cAt(bytes: Uint8Array, start: number, end: number): number {
	let crc = -1;
	for (let i = start; i < end; i++) {
		crc = (crc >>> 8) ^ table[(crc ^ bytes[i]) & 0xff];
	}
	return mask(~crc >>> 0);
}

function mask(crc: number): number {
	return ((((crc >>> 15) | (crc << 17)) >>> 0) + maskDelta) >>> 0;
}
