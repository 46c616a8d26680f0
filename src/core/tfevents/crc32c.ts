import { buf as crc32cOf } from 'crc-32/crc32c';

/** TensorFlow adds this to the rotated CRC so that a CRC of data holding CRCs is not trivially related to them. */
const maskDelta = 0xa282ead8;

/**
 * The masked CRC-32C (Castagnoli) that TFRecord framing stores after the length and after the
 * data: `((c >>> 15) | (c << 17)) + 0xA282EAD8`, modulo 2^32.
 */
export function maskedCrc32c(bytes: Uint8Array): number {
	const crc = crc32cOf(bytes, 0) >>> 0;
	return ((((crc >>> 15) | (crc << 17)) >>> 0) + maskDelta) >>> 0;
}
