import type { RangeRead, RangeReader } from '../backends/types';
import { maxReadBytes } from '../logs/readLimit';
import { isAzureError } from './errors';
import type { AzureHttp } from './AzureHttp';

const noBytes = new Uint8Array();

/**
 * Reads a blob behind a SAS URL from a byte offset to its current end, at most `maxBytes` (and never
 * more than `maxReadBytes`, 4 MiB) at a time (`Range: bytes=<offset>-<offset + limit - 1>`).
 * The end of the blob is zero bytes, whether the service says so with 416 (Azure) or with an
 * empty 206 (Azurite). A SAS that has expired (403) is replaced once through `refreshUrl`.
 */
export class SasRangeReader implements RangeReader {
	constructor(
		private readonly http: AzureHttp,
		private url: string,
		private readonly name: string,
		private readonly refreshUrl?: (signal?: AbortSignal) => Promise<string | undefined>,
	) {}

	async read(offset: number, signal?: AbortSignal, maxBytes?: number): Promise<RangeRead> {
		try {
			return await this.readFrom(offset, signal, maxBytes);
		} catch (error) {
			if (!isAzureError(error, 'azure.forbidden') || !this.refreshUrl) {
				throw error;
			}
			const fresh = await this.refreshUrl(signal);
			if (!fresh) {
				throw error;
			}
			this.url = fresh;
			return this.readFrom(offset, signal, maxBytes);
		}
	}

	private async readFrom(offset: number, signal?: AbortSignal, maxBytes?: number): Promise<RangeRead> {
		// Bounded: a multi-gigabyte log arrives in chunks the drain loop asks for one after another.
		const limit = Math.min(maxBytes ?? maxReadBytes, maxReadBytes);
		const response = await this.http.bytes(this.url, `read log file "${this.name}"`, {
			headers: { Accept: '*/*', Range: `bytes=${offset}-${offset + limit - 1}` },
			accept: [416],
			signal,
		});
		const generation = response.headers.get('x-ms-creation-time');
		const total = totalFromContentRange(response.headers.get('content-range'));
		if (response.status === 416) {
			return { bytes: noBytes, size: total, generation };
		}
		if (response.status === 200) {
			// The range was ignored: the whole blob came back.
			const start = Math.min(offset, response.bytes.length);
			return { bytes: response.bytes.subarray(start, start + limit), size: response.bytes.length, generation };
		}
		return { bytes: response.bytes, size: total ?? offset + response.bytes.length, generation };
	}
}

/** The total size from `Content-Range` (`bytes 0-99/1234`, or `bytes *\/1234` on a 416). */
function totalFromContentRange(value: string | undefined): number | undefined {
	const total = value ? /\/(\d+)\s*$/.exec(value)?.[1] : undefined;
	return total === undefined ? undefined : Number(total);
}
