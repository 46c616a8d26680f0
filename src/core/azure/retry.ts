import {
	retryPolicy,
	type PipelinePolicy,
	type PipelineRequest,
	type RestError,
	type RetryStrategy,
} from '@azure/core-rest-pipeline';
import type { Logger } from '../logger';
import { redact } from './redact';
import { countRetry, retryAfterMs } from './retryInfo';

export interface RetryOptions {
	/** Retries after the first attempt. */
	readonly maxRetries?: number;
	/** First back-off; doubles on each retry, with jitter (50–100 %). */
	readonly baseDelayMs?: number;
	readonly maxDelayMs?: number;
	/** A longer wait asked for by the service is not honoured: the request fails instead. */
	readonly maxRetryAfterMs?: number;
	/** Multiplies every wait; tests shrink it so a 2 s Retry-After takes 2 ms. */
	readonly timeScale?: number;
	/** Told before each wait, with the wait the policy chose (before `timeScale`). */
	readonly onRetry?: (retry: RetryEvent) => void;
}

export interface RetryEvent {
	readonly attempt: number;
	readonly delayMs: number;
	readonly reason: string;
	readonly url: string;
}

const defaultRetryOptions = {
	maxRetries: 3,
	baseDelayMs: 1000,
	maxDelayMs: 64_000,
	maxRetryAfterMs: 120_000,
	timeScale: 1,
} as const;

const systemErrorCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The one retry policy every Azure call goes through (ARM, data plane, blobs). Unlike the SDK
 * default it also retries a 429 that carries no Retry-After (with exponential back-off), and a
 * connection dropped while the body was being read.
 */
export function createRetryPolicy(options: RetryOptions = {}, logger?: Logger): PipelinePolicy {
	const settings = { ...defaultRetryOptions, ...options };
	const wait = (request: PipelineRequest | undefined, retryCount: number, delayMs: number, reason: string) => {
		if (request) {
			countRetry(request, retryCount + 1);
		}
		const url = redact(request?.url ?? '');
		settings.onRetry?.({ attempt: retryCount + 1, delayMs, reason, url });
		logger?.warn(`Retrying ${request?.method ?? ''} ${url} in ${Math.round(delayMs)} ms (${reason}); retry ${retryCount + 1} of ${settings.maxRetries}`);
		return { retryAfterInMs: delayMs * settings.timeScale };
	};
	const backOff = (retryCount: number) => {
		const clamped = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retryCount);
		return clamped / 2 + Math.random() * (clamped / 2);
	};

	const strategy: RetryStrategy = {
		name: 'azuremlRetryStrategy',
		retry({ retryCount, response, responseError }) {
			const request = response?.request ?? responseError?.request;
			if (response && (response.status === 429 || response.status === 503)) {
				const asked = retryAfterMs(response);
				if (asked !== undefined) {
					return asked <= settings.maxRetryAfterMs ? wait(request, retryCount, asked, `HTTP ${response.status}, Retry-After`) : { skipStrategy: true };
				}
			}
			if (response && isTransientStatus(response.status)) {
				return wait(request, retryCount, backOff(retryCount), `HTTP ${response.status}`);
			}
			if (!response && responseError && isTransientError(responseError)) {
				const code = responseError.code;
				const reason = code === 'PARSE_ERROR' || !code ? 'connection dropped while reading the answer' : code;
				return wait(request, retryCount, backOff(retryCount), reason);
			}
			return { skipStrategy: true };
		},
	};
	const inner = retryPolicy([strategy], { maxRetries: settings.maxRetries });
	return {
		name: 'azuremlRetryPolicy',
		// Some failures below (a body cut off mid-read) carry no request; tag them so the strategy
		// and the final error message can tell which request they belong to.
		sendRequest: (request, next) =>
			inner.sendRequest(request, async (attempt) => {
				try {
					return await next(attempt);
				} catch (error) {
					if (typeof error === 'object' && error !== null && !(error as { request?: unknown }).request) {
						(error as { request?: unknown }).request = attempt;
					}
					throw error;
				}
			}),
	};
}

function isTransientStatus(status: number): boolean {
	return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** A reset, a refused connection, or a body cut off mid-way (the client reports it as a parse error). */
function isTransientError(error: RestError): boolean {
	if (error.name === 'AbortError') {
		return false;
	}
	return (
		(error.code !== undefined && systemErrorCodes.has(error.code)) ||
		(error.code === 'PARSE_ERROR' && /reading response|aborted|socket hang up|ECONNRESET/i.test(error.message))
	);
}
