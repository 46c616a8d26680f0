import type * as http from 'node:http';
import type { ActiveFault } from './Faults';
import { armError, json, type EmuRequest, type EmuResponse } from './http';

// Reading requests and writing answers, including the faults that break the connection.

export function readRequest(req: http.IncomingMessage): Promise<EmuRequest> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('error', reject);
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://emulator');
			const path = url.pathname
				.split('/')
				.map((segment) => {
					try {
						return decodeURIComponent(segment);
					} catch {
						return segment;
					}
				})
				.join('/');
			resolve({ method: req.method ?? 'GET', url, path, headers: req.headers, body: Buffer.concat(chunks) });
		});
	});
}

export function faultResponse(fault: ActiveFault): EmuResponse {
	if (fault.kind === 'expiredToken') {
		const now = new Date();
		return {
			...armError(
				401,
				'ExpiredAuthenticationToken',
				`The access token expiry UTC time '${new Date(now.getTime() - 60_000).toUTCString()}' is earlier than current UTC time '${now.toUTCString()}'.`,
			),
			headers: {
				'Content-Type': 'application/json; charset=utf-8',
				'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token has expired."',
			},
		};
	}
	const status = fault.status ?? 500;
	const body = fault.body ?? {
		error: { code: status === 429 ? 'TooManyRequests' : status >= 500 ? 'InternalServerError' : 'InjectedFault', message: `Fault injected by the emulator (HTTP ${status}).` },
	};
	return json(status, body, { ...fault.headers });
}

function bytesOf(body: unknown): Buffer {
	if (body === undefined) {
		return Buffer.alloc(0);
	}
	if (Buffer.isBuffer(body)) {
		return body;
	}
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/** Writes the answer; a `reset` or `truncate` fault sends half the body and then breaks the connection. */
export function write(res: http.ServerResponse, request: EmuRequest, response: EmuResponse, cut: ActiveFault | undefined): void {
	const body = bytesOf(response.body);
	const headers: Record<string, string> = { ...response.headers };
	const keepsLength = request.method === 'HEAD' && Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
	if (response.status !== 204 && response.status !== 304 && !keepsLength) {
		headers['Content-Length'] = String(body.length);
	}
	res.writeHead(response.status, headers);
	if (!cut) {
		res.end(body);
		return;
	}
	res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
		if (cut.kind === 'reset') {
			res.socket?.resetAndDestroy();
		} else {
			res.socket?.end();
		}
	});
}
