// What the retry policy learnt, kept free of SDK imports so errors.ts (which the UI may import for
// its type guard) does not pull the Azure SDK into the extension bundle.

const retriesByRequest = new WeakMap<object, number>();
const retryAfterHeaders = ['retry-after-ms', 'x-ms-retry-after-ms', 'Retry-After'];

export function countRetry(request: object, retries: number): void {
	retriesByRequest.set(request, retries);
}

/** How many times a request was retried, for the final error message. */
export function retriesOf(request: object | undefined): number {
	return request ? (retriesByRequest.get(request) ?? 0) : 0;
}

/** The wait the service asked for, from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(response: { readonly headers: { get(name: string): string | undefined } }, now = Date.now()): number | undefined {
	for (const name of retryAfterHeaders) {
		const value = response.headers.get(name)?.trim();
		if (!value) {
			continue;
		}
		const number = Number(value);
		if (Number.isFinite(number) && number >= 0) {
			return name === 'Retry-After' ? number * 1000 : number;
		}
		const date = Date.parse(value);
		if (name === 'Retry-After' && Number.isFinite(date)) {
			return Math.max(0, date - now);
		}
	}
	return undefined;
}
