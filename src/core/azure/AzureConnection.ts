import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import type { Logger } from '../logger';
import type { AzureCloud } from './clouds';
import { AzureHttp } from './AzureHttp';
import { installPolicies, type TokenSettings } from './policies';
import type { RetryOptions } from './retry';

export interface AzureConnectionOptions {
	readonly cloud: AzureCloud;
	readonly credential: TokenCredential;
	readonly retry?: RetryOptions;
	readonly logger?: Logger;
	/** Wait between polls of a long-running operation (create compute, cancel job, deploy). */
	readonly lroPollIntervalMs?: number;
}

/**
 * One signed-in identity on one cloud: the ARM clients (one per subscription) and the data-plane
 * pipelines, all sharing the same retry policy.
 */
export class AzureConnection {
	readonly cloud: AzureCloud;
	readonly credential: TokenCredential;
	readonly logger?: Logger;
	readonly lroPollIntervalMs: number;
	/** Carries an ARM token: ARM itself, run history, MLflow (and to no other host, see `mayCarryToken`). */
	readonly http: AzureHttp;
	/** Carries no token: SAS URLs, discovery, scoring endpoints (their own key). */
	readonly anonymousHttp: AzureHttp;
	readonly retry?: RetryOptions;
	private readonly armClients = new Map<string, AzureMachineLearningWorkspaces>();

	constructor(options: AzureConnectionOptions) {
		this.cloud = options.cloud;
		this.credential = options.credential;
		this.logger = options.logger;
		this.retry = options.retry;
		this.lroPollIntervalMs = options.lroPollIntervalMs ?? 2000;
		this.http = new AzureHttp({ token: this.tokenSettings(), retry: this.retry, logger: this.logger });
		this.anonymousHttp = new AzureHttp({ retry: this.retry, logger: this.logger });
	}

	/** The Azure ML management client (api-version 2022-10-01) for one subscription. */
	arm(subscriptionId: string): AzureMachineLearningWorkspaces {
		let client = this.armClients.get(subscriptionId);
		if (!client) {
			client = new AzureMachineLearningWorkspaces(this.credential, subscriptionId, {
				$host: this.cloud.armEndpoint,
				endpoint: this.cloud.armEndpoint,
				credentialScopes: this.cloud.armScope,
				userAgentOptions: { userAgentPrefix: 'azureml-explorer' },
			});
			installPolicies(client.pipeline, { token: this.tokenSettings(), retry: this.retry, logger: this.logger });
			this.armClients.set(subscriptionId, client);
		}
		return client;
	}

	private tokenSettings(): TokenSettings {
		return { credential: this.credential, scope: this.cloud.armScope, cloud: this.cloud };
	}

	/** Options for an SDK long-running operation: our poll interval and the caller's cancellation. */
	lroOptions(signal?: AbortSignal): { updateIntervalInMs: number; abortSignal?: AbortSignal } {
		return { updateIntervalInMs: this.lroPollIntervalMs, abortSignal: signal };
	}
}
