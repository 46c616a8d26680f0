import type { IncomingHttpHeaders } from 'node:http';

/** A request as the emulator's handlers see it: body already read. */
export interface EmuRequest {
	readonly method: string;
	readonly url: URL;
	/** The path, percent-decoded segment by segment. */
	readonly path: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: Buffer;
}

export interface EmuResponse {
	readonly status: number;
	readonly headers?: Readonly<Record<string, string>>;
	/** An object is sent as JSON; a Buffer or string as is. */
	readonly body?: unknown;
}

export type Handler = (request: EmuRequest, params: readonly string[]) => EmuResponse | Promise<EmuResponse>;

interface Route {
	readonly method: string;
	readonly pattern: RegExp;
	readonly handler: Handler;
}

/** Routes by method and path regex (case-insensitive, as ARM paths are). */
export class Router {
	private readonly routes: Route[] = [];

	add(method: string, pattern: string, handler: Handler): this {
		this.routes.push({ method, pattern: new RegExp(`^${pattern}$`, 'i'), handler });
		return this;
	}

	find(method: string, path: string): { handler: Handler; params: string[] } | { methodNotAllowed: true } | undefined {
		let pathMatched = false;
		for (const route of this.routes) {
			const match = route.pattern.exec(path);
			if (!match) {
				continue;
			}
			pathMatched = true;
			if (route.method === method || route.method === '*') {
				return { handler: route.handler, params: match.slice(1) };
			}
		}
		return pathMatched ? { methodNotAllowed: true } : undefined;
	}
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
	return { status, body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
}

/** The error envelope of ARM and of Azure ML's management front end. */
export function armError(status: number, code: string, message: string, details: { code: string; message: string }[] = []): EmuResponse {
	return json(status, {
		error: {
			code,
			message,
			details: details.map((d) => ({ ...d, details: [], additionalInfo: [] })),
			additionalInfo: [{ type: 'ComponentName', info: { value: 'managementfrontend' } }],
		},
	});
}

/** The 404 Azure ML answers for a missing asset, job or compute (`UserError` with a specific detail code). */
export function notFound(kind: string, name: string): EmuResponse {
	return armError(404, 'UserError', 'The specified resource was not found.', [{ code: `${kind}NotFound`, message: `${kind} with name: ${name} not found.` }]);
}

export function badRequest(message: string, detailCode = 'RequestInvalid'): EmuResponse {
	return armError(400, 'UserError', 'Request is invalid and/or missing fields.', [{ code: detailCode, message }]);
}

export function parseJsonBody(request: EmuRequest): Record<string, unknown> | undefined {
	if (request.body.length === 0) {
		return undefined;
	}
	try {
		const value: unknown = JSON.parse(request.body.toString('utf8'));
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export function systemData(createdAt = new Date()): Record<string, string> {
	const at = createdAt.toISOString();
	return { createdAt: at, createdBy: 'Emulator User', createdByType: 'User', lastModifiedAt: at, lastModifiedBy: 'Emulator User', lastModifiedByType: 'User' };
}

/**
 * One page of `items` with an ARM `nextLink` carrying an opaque `$skip` token, as Azure ML does.
 */
export function pageOf<T>(request: EmuRequest, items: readonly T[], pageSize: number, origin: string): { value: T[]; nextLink?: string } {
	const skip = decodeSkip(request.url.searchParams.get('$skip'));
	const value = items.slice(skip, skip + pageSize);
	if (skip + pageSize >= items.length) {
		return { value };
	}
	const query = new URLSearchParams(request.url.search);
	query.delete('$skip');
	const token = Buffer.from(`skip:${skip + pageSize}`).toString('base64url');
	// Written as ARM writes it: `$skip`, not `%24skip`.
	return { value, nextLink: `${origin}${request.url.pathname}?${[query.toString(), `$skip=${token}`].filter(Boolean).join('&')}` };
}

/**
 * An ARM list's first page as ARM may send it: empty, with a `nextLink` to the list's real first
 * page (the same request with a `$skip` token for 0). Anything else is left as it is.
 */
export function emptyFirstPage(request: EmuRequest, response: EmuResponse, origin: string): EmuResponse {
	const body = response.body as { value?: unknown; nextLink?: string } | undefined;
	const isList = request.method === 'GET' && response.status === 200 && Array.isArray(body?.value) && /^\/subscriptions(\/|$)/i.test(request.path);
	if (!isList || request.url.searchParams.has('$skip')) {
		return response;
	}
	const token = Buffer.from('skip:0').toString('base64url');
	return { ...response, body: { value: [], nextLink: `${origin}${request.url.pathname}?${[request.url.searchParams.toString(), `$skip=${token}`].filter(Boolean).join('&')}` } };
}

function decodeSkip(token: string | null): number {
	if (!token) {
		return 0;
	}
	const match = /^skip:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : 0;
}

/**
 * An ARM list as ARM may send it: each item's id written `…/resourcegroups/<group in lower case>/…`
 * (its `name` and everything else as they are). Anything else is left as it is.
 */
export function lowerCaseResourceGroups(request: EmuRequest, response: EmuResponse): EmuResponse {
	const body = response.body as { value?: unknown } | undefined;
	if (request.method !== 'GET' || response.status !== 200 || !Array.isArray(body?.value) || !/^\/subscriptions(\/|$)/i.test(request.path)) {
		return response;
	}
	const value = (body.value as unknown[]).map((item) => {
		const id = (item as { id?: unknown } | null)?.id;
		return typeof id === 'string' ? { ...(item as object), id: id.replace(/\/resourceGroups\/([^/]+)/i, (_all, group: string) => `/resourcegroups/${group.toLowerCase()}`) } : item;
	});
	return { ...response, body: { ...body, value } };
}
