import {
	RestError,
	bearerTokenAuthenticationPolicy,
	bearerTokenAuthenticationPolicyName,
	type Pipeline,
	type PipelinePolicy,
	type PipelineRequest,
	type PipelineResponse,
	type SendRequest,
} from '@azure/core-rest-pipeline';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { Logger } from '../logger';
import { isLoopbackHost, type AzureCloud } from './clouds';
import { AzureConfigError } from './errors';
import { redact } from './redact';
import { createRetryPolicy, type RetryOptions } from './retry';
import { checkTokenHost } from './tokenHosts';

/** The ARM token a pipeline attaches, and the cloud whose hosts alone may receive it. */
export interface TokenSettings {
	readonly credential: TokenCredential;
	readonly scope: string;
	readonly cloud: AzureCloud;
}

export interface PolicySettings {
	/** Unset for pipelines that must never carry a token (SAS URLs, scoring keys). */
	readonly token?: TokenSettings;
	readonly retry?: RetryOptions;
	readonly logger?: Logger;
}

/**
 * Replaces an SDK pipeline's retry and sign-in policies with ours, so the ARM client, the data
 * plane and the blob clients share one retry behaviour and one rule about plain http.
 */
export function installPolicies(pipeline: Pipeline, settings: PolicySettings): void {
	pipeline.removePolicy({ phase: 'Retry' });
	pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
	pipeline.addPolicy(loopbackOnlyPolicy());
	if (settings.token) {
		pipeline.addPolicy(tokenHostPolicy(settings.token.cloud));
	}
	pipeline.addPolicy(createRetryPolicy(settings.retry, settings.logger), { phase: 'Retry' });
	pipeline.addPolicy(bufferedBodyPolicy(), { afterPhase: 'Retry' });
	if (settings.token) {
		pipeline.addPolicy(tokenPolicy(settings.token.credential, settings.token.scope), { phase: 'Sign' });
	}
	if (settings.logger) {
		pipeline.addPolicy(requestLogPolicy(settings.logger), { afterPhase: 'Sign' });
	}
}

/**
 * Plain http is allowed only to loopback hosts (the emulator, Azurite): anywhere else it would
 * expose tokens and SAS signatures.
 */
export function loopbackOnlyPolicy(): PipelinePolicy {
	return {
		name: 'azuremlLoopbackOnlyPolicy',
		sendRequest(request, next) {
			const url = new URL(request.url);
			if (url.protocol === 'http:') {
				if (!isLoopbackHost(url.hostname)) {
					throw new AzureConfigError(`Refusing to call ${url.host} over plain http: only https, or a local emulator on 127.0.0.1/localhost, is allowed.`);
				}
				request.allowInsecureConnection = true;
			}
			return next(request);
		},
	};
}

/**
 * Refuses, before any token is fetched or attached, a request to a host that is not the cloud's
 * ARM endpoint or one of its Azure ML data-plane hosts (see `mayCarryToken`).
 */
export function tokenHostPolicy(cloud: AzureCloud): PipelinePolicy {
	return {
		name: 'azuremlTokenHostPolicy',
		sendRequest(request, next) {
			checkTokenHost(cloud, new URL(request.url));
			return next(request);
		},
	};
}

/**
 * The SDK's bearer policy (token cache, refresh, claims challenges) for https; for a loopback
 * emulator, which the SDK refuses to send tokens to, a minimal cached equivalent. A 401 is answered
 * once with a freshly fetched token: a token can expire between the cache's check and the service's
 * (ARM says `ExpiredAuthenticationToken`), and a long log stream must not stop for it. A second 401
 * is the caller's: the sign-in is really gone.
 */
function tokenPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
	let secure = bearerTokenAuthenticationPolicy({ credential, scopes: scope });
	let cached: AccessToken | undefined;
	const send = async (request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> => {
		if (!request.url.startsWith('http:')) {
			return secure.sendRequest(request, next);
		}
		if (!cached || cached.expiresOnTimestamp - Date.now() < 60_000) {
			cached = (await credential.getToken(scope, { abortSignal: request.abortSignal })) ?? undefined;
		}
		if (!cached) {
			throw new RestError('The credential returned no token.', { code: 'NO_TOKEN', request });
		}
		request.headers.set('Authorization', `Bearer ${cached.token}`);
		return next(request);
	};
	return {
		name: bearerTokenAuthenticationPolicyName,
		async sendRequest(request, next) {
			const response = await send(request, next);
			if (response.status !== 401) {
				return response;
			}
			response.readableStreamBody?.resume();
			// Forget every cached token (ours and the SDK policy's) so the credential is asked anew.
			cached = undefined;
			secure = bearerTokenAuthenticationPolicy({ credential, scopes: scope });
			return send(request, next);
		},
	};
}

function requestLogPolicy(logger: Logger): PipelinePolicy {
	return {
		name: 'azuremlRequestLogPolicy',
		async sendRequest(request, next) {
			const started = Date.now();
			const line = `${request.method} ${redact(request.url)}`;
			try {
				const response = await next(request);
				logger.debug(`${line} → ${response.status} (${Date.now() - started} ms)`);
				return response;
			} catch (error) {
				logger.debug(`${line} → ${redact(error instanceof Error ? error.message : String(error))} (${Date.now() - started} ms)`);
				throw error;
			}
		},
	};
}

const wantsBytes = new WeakSet<PipelineRequest>();
const bytesByResponse = new WeakMap<PipelineResponse, Uint8Array>();

/** Asks for the raw response bytes (log reads must not be decoded: a UTF-8 character may be split). */
export function requestBytes(request: PipelineRequest): void {
	wantsBytes.add(request);
	request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
}

export function bytesOf(response: PipelineResponse): Uint8Array {
	return bytesByResponse.get(response) ?? new Uint8Array();
}

/**
 * Reads a byte body inside the retry policy, so a connection reset or a body cut short is
 * retried like any other transient failure rather than surfacing half a read.
 */
function bufferedBodyPolicy(): PipelinePolicy {
	return {
		name: 'azuremlBufferedBodyPolicy',
		async sendRequest(request, next) {
			const response = await next(request);
			const stream = response.readableStreamBody;
			if (!wantsBytes.has(request) || !stream) {
				return response;
			}
			const chunks: Buffer[] = [];
			try {
				for await (const chunk of stream) {
					chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
				}
			} catch (error) {
				if ((error as { name?: string }).name === 'AbortError') {
					throw error;
				}
				const code = (error as { code?: string }).code ?? 'ECONNRESET';
				throw new RestError(`The connection dropped while reading the response: ${(error as Error).message}`, { code, request });
			}
			response.readableStreamBody = undefined;
			bytesByResponse.set(response, Buffer.concat(chunks));
			return response;
		},
	};
}
