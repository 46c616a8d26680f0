import {
	RestError,
	createDefaultHttpClient,
	createHttpHeaders,
	createPipelineFromOptions,
	createPipelineRequest,
	type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AzureError, toAzureError } from './errors';
import { bytesOf, installPolicies, requestBytes, type PolicySettings } from './policies';

export interface HttpRequestOptions {
	readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: unknown;
	readonly signal?: AbortSignal;
	/** Statuses that are answers rather than failures (e.g. 416 at the end of a blob). */
	readonly accept?: readonly number[];
}

export interface RawResponse {
	readonly status: number;
	readonly headers: { get(name: string): string | undefined };
	readonly bytes: Uint8Array;
}

/**
 * Requests outside the ARM SDK (discovery, run history, MLflow, SAS URLs, raw ARM calls that need
 * a newer api-version) through the same policies as the SDK clients.
 */
export class AzureHttp {
	private readonly pipeline = createPipelineFromOptions({ userAgentOptions: { userAgentPrefix: 'azureml-explorer' } });
	private readonly client = createDefaultHttpClient();

	constructor(settings: PolicySettings) {
		installPolicies(this.pipeline, settings);
	}

	/** Sends a request and parses its JSON answer; any status outside 2xx (and `accept`) becomes an AzureError. */
	async json<T>(url: string, action: string, options: HttpRequestOptions = {}): Promise<T> {
		const response = await this.send(url, action, options, false);
		return parseJson<T>(response.bodyAsText ?? '', action) as T;
	}

	/** Sends a request and returns its status, headers and parsed JSON (long-running operations read their headers). */
	async exchange<T>(url: string, action: string, options: HttpRequestOptions = {}): Promise<{ status: number; headers: RawResponse['headers']; body: T | undefined }> {
		const response = await this.send(url, action, options, false);
		return { status: response.status, headers: response.headers, body: parseJson<T>(response.bodyAsText ?? '', action) };
	}

	/** Sends a request and returns the raw bytes of the answer (log reads, scoring). */
	async bytes(url: string, action: string, options: HttpRequestOptions = {}): Promise<RawResponse> {
		const response = await this.send(url, action, options, true);
		return { status: response.status, headers: response.headers, bytes: bytesOf(response) };
	}

	private async send(url: string, action: string, options: HttpRequestOptions, raw: boolean): Promise<PipelineResponse> {
		const headers = createHttpHeaders({ Accept: 'application/json', ...options.headers });
		const hasBody = options.body !== undefined;
		if (hasBody && !headers.has('Content-Type')) {
			headers.set('Content-Type', 'application/json');
		}
		const request = createPipelineRequest({
			url,
			method: options.method ?? 'GET',
			headers,
			body: hasBody ? (typeof options.body === 'string' ? options.body : JSON.stringify(options.body)) : undefined,
			abortSignal: options.signal,
		});
		if (raw) {
			requestBytes(request);
		}
		let response: PipelineResponse;
		try {
			response = await this.pipeline.sendRequest(this.client, request);
		} catch (error) {
			throw toAzureError(error, action);
		}
		const ok = (response.status >= 200 && response.status < 300) || options.accept?.includes(response.status);
		if (!ok) {
			const bodyAsText = response.bodyAsText ?? Buffer.from(bytesOf(response)).toString('utf8');
			throw toAzureError(new RestError(`HTTP ${response.status}`, { statusCode: response.status, request, response: { ...response, bodyAsText } }), action);
		}
		return response;
	}
}

function parseJson<T>(text: string, action: string): T | undefined {
	if (!text.trim()) {
		return undefined;
	}
	try {
		return JSON.parse(text) as T;
	} catch {
		throw new AzureError('azure.serviceError', `Could not ${action}: the service answered with something that is not JSON (${text.length} characters). Try again later.`);
	}
}
