import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

/** The one app registration the identity emulator knows (a service principal with a client secret). */
export const emulatorServicePrincipal = {
	tenantId: '33333333-3333-4333-8333-333333333333',
	clientId: '44444444-4444-4444-8444-444444444444',
	clientSecret: 'emulator-client-secret',
} as const;

export interface IdentityOptions {
	/** PEM certificate and key for https: MSAL (through @azure/identity) accepts no other authority. */
	readonly cert: Buffer;
	readonly key: Buffer;
	/** The access token it issues: the one the ARM emulator accepts. */
	readonly token: string;
	/** The only scope it issues tokens for (the custom cloud's ARM scope). */
	readonly scope: string;
}

interface Answer {
	readonly status: number;
	readonly body: unknown;
}

/**
 * A Microsoft Entra-like authority on loopback for one tenant: the v2.0 OpenID configuration MSAL
 * reads before anything else, and the token endpoint's client-credentials grant with Entra's error
 * shapes (`invalid_tenant`, `invalid_client`, `invalid_scope`). What a private cloud's authority or
 * ADFS answers a service principal; instance discovery, which only Microsoft's hosts answer, is not
 * served, so a client that asks for it fails here as it would against a private authority.
 */
export class IdentityEmulator {
	private readonly served: string[] = [];

	private constructor(
		private readonly server: https.Server,
		private readonly options: IdentityOptions,
	) {
		server.on('request', (req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const url = new URL(req.url ?? '/', this.authorityHost);
				this.served.push(`${req.method ?? 'GET'} ${url.pathname}`);
				const answer = this.answer(req.method ?? 'GET', url.pathname, Buffer.concat(chunks).toString('utf8'));
				res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
				res.end(JSON.stringify(answer.body));
			});
		});
	}

	static async start(options: IdentityOptions): Promise<IdentityEmulator> {
		const server = https.createServer({ cert: options.cert, key: options.key });
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', resolve);
		});
		return new IdentityEmulator(server, options);
	}

	/** `https://127.0.0.1:<port>`: what `AZURE_AUTHORITY_HOST` or `customCloud.authorityHost` names. */
	get authorityHost(): string {
		return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** `METHOD /path` of every request so far (no bodies: they hold the secret). */
	requests(): string[] {
		return [...this.served];
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private answer(method: string, path: string, body: string): Answer {
		const match = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(path);
		if (!match) {
			return { status: 404, body: entraError('not_found', 'AADSTS90027', `No such endpoint: ${path}.`) };
		}
		const [, tenant, endpoint] = match;
		if (tenant !== emulatorServicePrincipal.tenantId) {
			return { status: 400, body: entraError('invalid_tenant', 'AADSTS90002', `Tenant '${tenant}' not found.`) };
		}
		if (endpoint.startsWith('v2.0')) {
			return method === 'GET' ? { status: 200, body: this.openIdConfiguration(tenant) } : { status: 405, body: entraError('invalid_request', 'AADSTS900561', 'The endpoint only accepts GET requests.') };
		}
		return method === 'POST' ? this.token(new URLSearchParams(body)) : { status: 405, body: entraError('invalid_request', 'AADSTS900561', 'The endpoint only accepts POST requests.') };
	}

	private openIdConfiguration(tenant: string): unknown {
		const base = `${this.authorityHost}/${tenant}`;
		return {
			token_endpoint: `${base}/oauth2/v2.0/token`,
			token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
			jwks_uri: `${base}/discovery/v2.0/keys`,
			response_modes_supported: ['query', 'fragment', 'form_post'],
			subject_types_supported: ['pairwise'],
			id_token_signing_alg_values_supported: ['RS256'],
			response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
			scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
			issuer: `${base}/v2.0`,
			request_uri_parameter_supported: false,
			authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
			device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
			end_session_endpoint: `${base}/oauth2/v2.0/logout`,
			tenant_region_scope: null,
		};
	}

	private token(form: URLSearchParams): Answer {
		if (form.get('grant_type') !== 'client_credentials') {
			return { status: 400, body: entraError('unsupported_grant_type', 'AADSTS70003', 'The app requested an unsupported grant type.') };
		}
		if (form.get('client_id') !== emulatorServicePrincipal.clientId || form.get('client_secret') !== emulatorServicePrincipal.clientSecret) {
			return { status: 401, body: entraError('invalid_client', 'AADSTS7000215', 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.') };
		}
		const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
		if (!scopes.includes(this.options.scope)) {
			return { status: 400, body: entraError('invalid_scope', 'AADSTS70011', `The provided value for the input parameter 'scope' is not valid. The scope ${scopes.join(' ')} is not valid.`) };
		}
		return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: this.options.token } };
	}
}

function entraError(error: string, code: string, description: string): unknown {
	return { error, error_description: `${code}: ${description}`, error_codes: [Number(code.slice(5))], timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z' };
}
