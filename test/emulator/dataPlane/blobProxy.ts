import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { devAccountName } from '../azurite';
import type { EmulatorContext } from '../context';
import type { EmuRequest, EmuResponse, Router } from '../http';

const hopByHop = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection']);

function storageError(status: number, code: string, message: string, extra = '', headers: Record<string, string> = {}): EmuResponse {
	const body = `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message>${extra}</Error>`;
	return { status, body, headers: { 'Content-Type': 'application/xml', 'x-ms-error-code': code, ...headers } };
}

/** Sends the request on to Azurite unchanged (same path, so shared-key signatures still hold). */
function forward(context: EmulatorContext, request: EmuRequest, search: string): Promise<EmuResponse> {
	const target = new URL(`${request.url.pathname}${search}`, context.blobs.azurite.origin);
	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !hopByHop.has(name)));
	if (request.body.length > 0 || ['PUT', 'POST'].includes(request.method)) {
		headers['content-length'] = String(request.body.length);
	}
	return new Promise((resolve, reject) => {
		const outgoing = http.request(target, { method: request.method, headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const passed: Record<string, string> = {};
				for (const [name, value] of Object.entries(response.headers)) {
					// A HEAD's Content-Length is the blob's size, not this (empty) body's.
					if ((!hopByHop.has(name) || (name === 'content-length' && request.method === 'HEAD')) && value !== undefined) {
						passed[name] = Array.isArray(value) ? value.join(', ') : value;
					}
				}
				resolve({ status: response.statusCode ?? 502, headers: passed, body: Buffer.concat(chunks) });
			});
		});
		outgoing.on('error', reject);
		outgoing.end(request.body);
	});
}

/** The blob's size from `Content-Range`: Azurite's empty 206 at the end says `bytes 6-5/6`. */
function totalOf(contentRange: string | undefined): number | undefined {
	const match = contentRange ? /\/(\d+)$/.exec(contentRange) : null;
	return match ? Number(match[1]) : undefined;
}

/**
 * Every blob URL the emulator hands out points here (`/devstoreaccount1/...`, Azurite's own path),
 * so faults reach blob reads and uploads: expired SAS, Azure's 416 at the end of a blob, a read
 * cut short. Everything else is Azurite's real answer.
 */
export function registerBlobProxyRoutes(router: Router, context: EmulatorContext): void {
	router.add('*', `/${devAccountName}(/.*)?`, async (request) => {
		const query = new URLSearchParams(request.url.search);
		const mint = Number(query.get('emu_mint') ?? '0');
		query.delete('emu_mint');
		if (query.has('sig') && context.faults.take(request, ['expiredSas'], (fault) => mint <= fault.lastExpiredMint)) {
			return storageError(
				403,
				'AuthenticationFailed',
				'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
				`<AuthenticationErrorDetail>Signature not valid in the specified time frame: Start [${new Date(Date.now() - 7_200_000).toUTCString()}] - Expiry [${new Date(Date.now() - 60_000).toUTCString()}] - Current [${new Date().toUTCString()}]</AuthenticationErrorDetail>`,
			);
		}
		const search = query.toString() ? `?${query.toString()}` : '';
		const response = await forward(context, request, search);
		const headers = { ...(response.headers ?? {}) };
		const body = response.body as Buffer;
		const total = totalOf(headers['content-range']);
		const atEnd = request.headers.range !== undefined && (response.status === 416 || (response.status === 206 && body.length === 0));
		if (atEnd && context.faults.take(request, ['rangeEnd416'])) {
			return storageError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.', '', total === undefined ? {} : { 'Content-Range': `bytes */${total}` });
		}
		const partial = response.status === 206 && body.length > 1 ? context.faults.take(request, ['partialRange'], (fault) => (fault.bytes ?? 1) < body.length) : undefined;
		if (partial) {
			const start = Number(/bytes (\d+)-/.exec(headers['content-range'] ?? '')?.[1] ?? 0);
			const cut = partial.bytes ?? 1;
			headers['content-range'] = `bytes ${start}-${start + cut - 1}/${total ?? start + body.length}`;
			return { status: 206, headers, body: body.subarray(0, cut) };
		}
		return { status: response.status, headers, body };
	});
}
