import { redact } from './redact';
import { retriesOf, retryAfterMs } from './retryInfo';

/**
 * What went wrong, as a string so the UI (in the other bundle) can tell errors apart without
 * `instanceof`.
 */
export type AzureErrorKind =
	| 'azure.config'
	| 'azure.signIn'
	| 'azure.unauthorized'
	| 'azure.forbidden'
	| 'azure.notFound'
	| 'azure.conflict'
	| 'azure.badRequest'
	| 'azure.throttled'
	| 'azure.serviceError'
	| 'azure.network'
	| 'azure.operationFailed';

export interface AzureErrorDetails {
	readonly status?: number;
	/** The service's own error code, e.g. `ModelNotFound`. */
	readonly code?: string;
}

/** An Azure failure with a message a user can act on: what failed, what the service said, what to do. */
export class AzureError extends Error {
	readonly status?: number;
	readonly code?: string;

	constructor(
		readonly kind: AzureErrorKind,
		message: string,
		details: AzureErrorDetails = {},
	) {
		super(redact(message));
		this.name = 'AzureError';
		this.status = details.status;
		this.code = details.code;
	}
}

/** Bad settings or input, found before any request is sent. */
export class AzureConfigError extends AzureError {
	constructor(message: string) {
		super('azure.config', message);
	}
}

export function isAzureError(error: unknown, kind?: AzureErrorKind): error is AzureError {
	const candidate = error as { kind?: unknown } | null;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.kind === 'string' &&
		candidate.kind.startsWith('azure.') &&
		(kind === undefined || candidate.kind === kind)
	);
}

const credentialErrorNames = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AuthenticationRequiredError', 'AggregateAuthenticationError']);

interface RestErrorLike {
	readonly name?: string;
	readonly message?: string;
	readonly code?: string;
	readonly statusCode?: number;
	readonly request?: object;
	readonly response?: { readonly status: number; readonly bodyAsText?: string | null; readonly headers: { get(name: string): string | undefined } };
}

/**
 * Turns anything thrown while talking to Azure into an {@link AzureError} whose message starts
 * with what was being done (`action`, e.g. `get job "x" in workspace "w"`). Cancellation passes
 * through unchanged so the UI can stay silent about it.
 */
export function toAzureError(error: unknown, action: string): Error {
	if (isAzureError(error) || (error as { name?: unknown } | null)?.name === 'AbortError') {
		return error as Error;
	}
	const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as RestErrorLike;
	if (e.name && credentialErrorNames.has(e.name)) {
		return new AzureError('azure.signIn', `Could not ${action}: no token could be obtained (${firstLine(e.message)}). ${advice['azure.signIn']}`);
	}
	const failed = /^The long-running operation has failed\.?\s*(.*)$/s.exec(e.message ?? '');
	if (failed) {
		const said = failed[1].replace(/^\.\s*/, '').trim();
		return new AzureError('azure.operationFailed', `Could not ${action}: the service reported that the operation failed${said ? ` (${firstLine(said)})` : ''}. ${advice['azure.operationFailed']}`);
	}
	const status = e.response?.status ?? e.statusCode;
	const retries = retriesOf(e.request);
	const afterRetries = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
	if (!status) {
		const dropped = e.code === 'PARSE_ERROR' && /reading response/i.test(e.message ?? '');
		const what = dropped ? 'the connection dropped while reading the answer' : e.code ? `${firstLine(e.message)} (${e.code})` : firstLine(e.message);
		return new AzureError('azure.network', `Could not ${action}${afterRetries}: ${what}. ${advice['azure.network']}`, { code: e.code });
	}
	const said = serviceError(e.response?.bodyAsText ?? undefined, e.response?.headers.get('x-ms-error-code'));
	const kind = kindOf(status);
	const reason = said.message || firstLine(e.message) || `HTTP ${status}`;
	const tag = said.code ? `${said.code}, HTTP ${status}` : `HTTP ${status}`;
	const asked = e.response && (status === 429 || status === 503) ? retryAfterMs(e.response) : undefined;
	const waitHint = asked === undefined ? '' : ` The service asked to wait ${Math.ceil(asked / 1000)} s.`;
	return new AzureError(kind, `Could not ${action}${afterRetries}: ${reason} (${tag}).${waitHint} ${advice[kind]}`, { status, code: said.code });
}

function kindOf(status: number): Exclude<AzureErrorKind, 'azure.config'> {
	switch (status) {
		case 401:
			return 'azure.unauthorized';
		case 403:
			return 'azure.forbidden';
		case 404:
			return 'azure.notFound';
		case 409:
		case 412:
			return 'azure.conflict';
		case 429:
			return 'azure.throttled';
		default:
			return status >= 500 ? 'azure.serviceError' : 'azure.badRequest';
	}
}

/** What to do about each kind of failure (settings errors say it themselves). */
const advice: Record<Exclude<AzureErrorKind, 'azure.config'>, string> = {
	'azure.signIn': 'Sign in to Azure again.',
	'azure.unauthorized': 'Your sign-in is missing or has expired: sign in to Azure again.',
	'azure.forbidden': 'Your account lacks permission or the access link has expired: check your role on the workspace, then refresh.',
	'azure.notFound': 'It may have been deleted or renamed: refresh the view.',
	'azure.conflict': 'It already exists or was changed meanwhile: refresh and try again.',
	'azure.badRequest': 'Correct the request as the service says and try again.',
	'azure.throttled': 'The service is throttling requests: wait a minute and try again.',
	'azure.serviceError': 'The service had a problem: try again in a few minutes.',
	'azure.network': 'Check your network connection and proxy settings.',
	'azure.operationFailed': 'Check the resource in the portal, fix what it says and try again.',
};

interface ServiceSaid {
	readonly code?: string;
	readonly message?: string;
}

/**
 * Reads what the service said from an error body: ARM (`error.code`, `error.message`, `details`),
 * MLflow (`error_code`, `message`) or Storage XML (`<Code>`, `<Message>`). Never the raw body.
 */
export function serviceError(body: string | undefined, headerCode?: string): ServiceSaid {
	if (body) {
		const json = parseJson(body);
		if (json) {
			return fromJson(json) ?? { code: headerCode };
		}
		const xmlCode = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
		const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
		if (xmlCode || xmlMessage) {
			return { code: xmlCode ?? headerCode, message: xmlMessage ? firstLine(decodeXml(xmlMessage)) : undefined };
		}
	}
	return { code: headerCode };
}

function fromJson(json: Record<string, unknown>): ServiceSaid | undefined {
	const error = json.error;
	if (typeof error === 'object' && error !== null) {
		const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
		const detail = Array.isArray(details) ? (details[0] as { code?: unknown; message?: unknown } | undefined) : undefined;
		const detailMessage = typeof detail?.message === 'string' && detail.message !== message ? detail.message : undefined;
		return {
			code: typeof detail?.code === 'string' ? detail.code : typeof code === 'string' ? code : undefined,
			message: [message, detailMessage].filter((m): m is string => typeof m === 'string' && m.length > 0).join(' ') || undefined,
		};
	}
	if (typeof json.error_code === 'string' || typeof json.message === 'string') {
		return {
			code: typeof json.error_code === 'string' ? json.error_code : undefined,
			message: typeof json.message === 'string' ? json.message : undefined,
		};
	}
	return undefined;
}

function parseJson(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function decodeXml(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function firstLine(text: string | undefined): string {
	return (text ?? '').split('\n')[0].trim();
}
