import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAssetRoutes } from './arm/assets';
import { registerComputeRoutes } from './arm/computes';
import { registerDeploymentRoutes } from './arm/deployments';
import { registerResourceGroupRoutes } from './arm/resourceGroups';
import { registerDatastoreRoutes } from './arm/datastores';
import { registerEndpointRoutes } from './arm/endpoints';
import { registerJobRoutes } from './arm/jobs';
import { registerOperationStatusRoutes } from './arm/operationStatus';
import { registerWorkspaceRoutes } from './arm/workspaces';
import { devAccountName, startAzurite, type Azurite } from './azurite';
import { BlobStore } from './BlobStore';
import { DeploymentServers } from './deploymentServers';
import type { EmulatorContext, EmulatorSettings } from './context';
import { registerControlRoutes } from './control';
import { registerBlobProxyRoutes } from './dataPlane/blobProxy';
import { registerMlflowRoutes } from './dataPlane/mlflow';
import { registerRunHistoryRoutes } from './dataPlane/runHistory';
import { registerScoringRoutes } from './dataPlane/scoring';
import { registerVmSizeRoutes } from './arm/vmSizes';
import { Faults, type ActiveFault, type FaultSpec } from './Faults';
import { IdentityEmulator } from './identity';
import { armError, emptyFirstPage, lowerCaseResourceGroups, Router, type EmuRequest, type EmuResponse } from './http';
import { Operations, type LroTiming } from './Operations';
import { fastScenario, interactiveScenario, resolveScenario, type JobScenario, type ResolvedScenario } from './scenario';
import { defaultWorkspace, seedDefaults } from './seed';
import { EmulatorState } from './state';
import { faultResponse, readRequest, write } from './wire';

export interface EmulatorOptions {
	/** 0 (default) picks a free port. */
	readonly port?: number;
	/** An Azurite to share; otherwise one is started (and stopped with the emulator). */
	readonly azurite?: Azurite;
	/** `fast` (tests, default) or `interactive` (jobs take ~15 s) as the base of every job scenario. */
	readonly pace?: 'fast' | 'interactive';
	readonly scenario?: JobScenario;
	readonly lro?: LroTiming;
	readonly token?: string;
	/** A certificate and key to also serve a Microsoft Entra-like authority over https (see identity.ts). */
	readonly identity?: { readonly cert: Buffer; readonly key: Buffer };
}

/** A request as the emulator received it, for contract tests. */
export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	readonly query: Record<string, string>;
	readonly headers: Record<string, string>;
	readonly body?: unknown;
}

/** Where the extension finds the emulator (see README.md). */
export interface EmulatorInfo {
	readonly origin: string;
	readonly armEndpoint: string;
	readonly blobEndpointTemplate: string;
	readonly token: string;
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly workspace: string;
	readonly azurite: string;
	/** The https authority that signs the emulator's service principal in, when started with `identity`. */
	readonly authorityHost?: string;
}

const recordedHeaders = ['content-type', 'range', 'x-ms-blob-type', 'if-none-match', 'x-ms-version', 'azureml-model-deployment'];
const bearerPaths = /^\/(subscriptions|history|mlflow)(\/|$)/i;

/**
 * An Azure Machine Learning service on loopback: ARM, discovery, run history, MLflow, scoring,
 * a blob proxy in front of Azurite, and `/_emulator/…` to steer it from another process.
 */
export class AzureMlEmulator {
	private readonly router = new Router();
	private readonly log: RecordedRequest[] = [];
	private readonly baseScenario: ResolvedScenario;
	private readonly baseLro: LroTiming;
	private identity?: IdentityEmulator;

	private constructor(
		private readonly server: http.Server,
		readonly context: EmulatorContext,
		private readonly azurite: Azurite,
		private readonly ownsAzurite: boolean,
	) {
		this.baseScenario = context.settings.scenario;
		this.baseLro = context.settings.lro;
		registerControlRoutes(this.router, context, this);
		registerOperationStatusRoutes(this.router, context);
		registerWorkspaceRoutes(this.router, context);
		registerResourceGroupRoutes(this.router, context);
		registerDeploymentRoutes(this.router, context);
		registerComputeRoutes(this.router, context);
		registerDatastoreRoutes(this.router, context);
		registerAssetRoutes(this.router, context);
		registerJobRoutes(this.router, context);
		registerEndpointRoutes(this.router, context);
		registerRunHistoryRoutes(this.router, context);
		registerMlflowRoutes(this.router, context);
		registerBlobProxyRoutes(this.router, context);
		registerScoringRoutes(this.router, context);
		registerVmSizeRoutes(this.router, context);
		server.on('request', (req, res) => void this.handle(req, res));
	}

	static async start(options: EmulatorOptions = {}): Promise<AzureMlEmulator> {
		const azurite = options.azurite ?? (await startAzurite());
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', resolve);
		});
		const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const base = options.pace === 'interactive' ? interactiveScenario : fastScenario;
		const settings: EmulatorSettings = {
			acceptedToken: options.token ?? 'emulator-token',
			scenario: resolveScenario(base, options.scenario),
			lro: options.lro ?? (options.pace === 'interactive' ? { ms: 3000 } : { ms: 20 }),
			jobsPageSize: 50,
			listPageSize: 100,
			artifactsPageSize: 50,
			emptyFirstPage: false,
			lowerCaseResourceGroups: false,
			deployment: {},
		};
		const state = new EmulatorState();
		const faults = new Faults(() => blobs.mintCount);
		const blobs = new BlobStore(azurite, origin);
		const context: EmulatorContext = { origin, state, blobs, faults, settings, operations: new Operations(origin, () => settings.lro), deployments: new DeploymentServers(blobs) };
		const emulator = new AzureMlEmulator(server, context, azurite, options.azurite === undefined);
		await seedDefaults(context);
		if (options.identity) {
			emulator.identity = await IdentityEmulator.start({ ...options.identity, token: settings.acceptedToken, scope: `${origin}/.default` });
		}
		return emulator;
	}

	get origin(): string {
		return this.context.origin;
	}

	get token(): string {
		return this.context.settings.acceptedToken;
	}

	info(): EmulatorInfo {
		return {
			origin: this.origin,
			armEndpoint: this.origin,
			blobEndpointTemplate: `${this.origin}/{account}`,
			token: this.token,
			subscriptionId: defaultWorkspace.subscriptionId,
			resourceGroup: defaultWorkspace.resourceGroup,
			workspace: defaultWorkspace.workspace,
			azurite: this.azurite.blobEndpoint,
			authorityHost: this.identity?.authorityHost,
		};
	}

	addFault(spec: FaultSpec): ActiveFault {
		return this.context.faults.add(spec);
	}

	clearFaults(): void {
		this.context.faults.clear();
	}

	/** Jobs submitted from now on behave as `scenario` says (on top of the base pace). */
	setScenario(scenario: JobScenario): void {
		this.context.settings.scenario = resolveScenario(this.baseScenario, scenario);
	}

	setLro(timing: LroTiming): void {
		this.context.settings.lro = timing;
	}

	requests(): RecordedRequest[] {
		return [...this.log];
	}

	clearRequests(): void {
		this.log.length = 0;
	}

	/** Back to the start settings: no faults, base scenario and LRO timing, empty request log. */
	reset(): void {
		this.clearFaults();
		this.clearRequests();
		this.context.settings.scenario = this.baseScenario;
		this.context.settings.lro = this.baseLro;
		this.context.settings.emptyFirstPage = false;
		this.context.settings.lowerCaseResourceGroups = false;
		this.context.settings.deployment = {};
	}

	async stop(): Promise<void> {
		for (const job of this.context.state.allJobs()) {
			job.stop?.();
		}
		await this.context.deployments.stopAll();
		this.context.blobs.close();
		await this.identity?.stop();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
		if (this.ownsAzurite) {
			await this.azurite.stop();
		}
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		let request: EmuRequest;
		try {
			request = await readRequest(req);
		} catch {
			res.destroy();
			return;
		}
		let response: EmuResponse;
		let cut: ActiveFault | undefined;
		try {
			if (request.path.startsWith('/_emulator/')) {
				response = await this.route(request);
			} else {
				this.record(request);
				this.context.operations.settleDue();
				const latency = this.context.faults.take(request, ['latency']);
				if (latency) {
					await new Promise((r) => setTimeout(r, latency.latencyMs ?? 1000));
				}
				const injected = this.context.faults.take(request, ['status', 'expiredToken']);
				response = injected ? faultResponse(injected) : (this.refuse(request) ?? (await this.route(request)));
				if (this.context.settings.emptyFirstPage) {
					response = emptyFirstPage(request, response, this.origin);
				}
				if (this.context.settings.lowerCaseResourceGroups) {
					response = lowerCaseResourceGroups(request, response);
				}
				cut = this.context.faults.take(request, ['reset', 'truncate']);
			}
		} catch (error) {
			response = armError(500, 'InternalServerError', `The emulator failed: ${(error as Error).message}`);
		}
		write(res, request, response, cut);
		this.countBlobBytes(request, response, cut);
	}

	/** Blob content sent for a read: what the blob store's per-blob counter (`bytesServed`) adds up. */
	private countBlobBytes(request: EmuRequest, response: EmuResponse, cut: ActiveFault | undefined): void {
		if (request.method !== 'GET' || response.status >= 300 || !request.path.startsWith(`/${devAccountName}/`) || !Buffer.isBuffer(response.body)) {
			return;
		}
		// A reset or truncate fault sends half the body (see wire.ts).
		this.context.blobs.countServed(request.url.pathname, cut ? Math.floor(response.body.length / 2) : response.body.length);
	}

	/** A missing or wrong bearer token, or an ARM call without api-version. */
	private refuse(request: EmuRequest): EmuResponse | undefined {
		if (!bearerPaths.test(request.path)) {
			return undefined;
		}
		const authorization = request.headers.authorization;
		if (!authorization) {
			return armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
		}
		if (authorization !== `Bearer ${this.token}`) {
			return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
		}
		if (request.path.toLowerCase().startsWith('/subscriptions') && !request.url.searchParams.has('api-version')) {
			return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
		}
		return undefined;
	}

	private async route(request: EmuRequest): Promise<EmuResponse> {
		const found = this.router.find(request.method, request.path);
		if (!found) {
			return armError(404, 'NotFound', `The emulator has no route for ${request.method} ${request.path}.`);
		}
		if ('methodNotAllowed' in found) {
			return armError(405, 'MethodNotAllowed', `The emulator does not support ${request.method} on ${request.path}.`);
		}
		return found.handler(request, found.params);
	}

	private record(request: EmuRequest): void {
		const headers: Record<string, string> = {};
		for (const name of recordedHeaders) {
			const value = request.headers[name];
			if (typeof value === 'string') {
				headers[name] = value;
			}
		}
		const authorization = request.headers.authorization;
		if (authorization) {
			// Never the secret itself: whether it was the ARM token, for tests that check where tokens go.
			headers.authorization = authorization === `Bearer ${this.token}` ? 'Bearer <ARM token>' : `${authorization.split(' ')[0]} <other>`;
		}
		const text = request.body.toString('utf8');
		let body: unknown;
		if (text && /json/.test(request.headers['content-type'] ?? '')) {
			try {
				body = JSON.parse(text);
			} catch {
				body = text;
			}
		} else if (request.body.length > 0) {
			body = `<${request.body.length} bytes>`;
		}
		this.log.push({ method: request.method, path: request.path, query: Object.fromEntries(request.url.searchParams), headers, body });
		if (this.log.length > 5000) {
			this.log.splice(0, this.log.length - 5000);
		}
	}
}
