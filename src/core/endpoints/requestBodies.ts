// The REST bodies of managed online endpoints and deployments (deploy-register-tensorboard.md
// §1.7–1.8: the recorded endpoint PUT, the REST spec's deployment with azure-ai-ml's defaults).

export type EndpointAuthMode = 'Key' | 'AMLToken';

export interface EndpointBodySpec {
	readonly location: string;
	readonly authMode: EndpointAuthMode;
	readonly description?: string;
	readonly tags?: Readonly<Record<string, string>>;
}

/** PUT `onlineEndpoints/{e}` for a new endpoint: no traffic until a deployment exists. */
export function endpointBody(spec: EndpointBodySpec): Record<string, unknown> {
	return {
		location: spec.location,
		identity: { type: 'SystemAssigned' },
		tags: { ...spec.tags },
		properties: { authMode: spec.authMode, description: spec.description ?? '', properties: {}, traffic: {}, mirrorTraffic: {} },
	};
}

export interface DeploymentBodySpec {
	readonly location: string;
	/** ARM id of the model version. */
	readonly modelId: string;
	/** ARM id of the code version holding the scoring script (an MLflow model needs none). */
	readonly codeId?: string;
	/** The scoring script's path inside the code folder, with '/' separators. */
	readonly scoringScript?: string;
	/** ARM id (or `azureml:` reference) of the environment version (an MLflow model needs none). */
	readonly environmentId?: string;
	readonly instanceType: string;
	readonly instanceCount: number;
}

/** Probe settings as azure-ai-ml sends its defaults (10 s delay and period, 2 s timeout, 30 failures). */
const probe = { initialDelay: 'PT10S', period: 'PT10S', timeout: 'PT2S', successThreshold: 1, failureThreshold: 30 };

/** PUT `onlineEndpoints/{e}/deployments/{d}`: the instance count goes in `sku.capacity`, as the service requires. */
export function deploymentBody(spec: DeploymentBodySpec): Record<string, unknown> {
	return {
		location: spec.location,
		sku: { name: 'Default', capacity: spec.instanceCount },
		properties: {
			endpointComputeType: 'Managed',
			instanceType: spec.instanceType,
			model: spec.modelId,
			...(spec.codeId ? { codeConfiguration: { codeId: spec.codeId, scoringScript: spec.scoringScript } } : {}),
			...(spec.environmentId ? { environmentId: spec.environmentId } : {}),
			environmentVariables: {},
			appInsightsEnabled: false,
			scaleSettings: { scaleType: 'Default' },
			requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1 },
			livenessProbe: probe,
			readinessProbe: probe,
		},
	};
}

/** POST `…/deployments/{d}/getLogs`: the inference server's container, last `tail` lines. */
export function logsBody(tail = 500, containerType: 'InferenceServer' | 'StorageInitializer' = 'InferenceServer'): Record<string, unknown> {
	return { containerType, tail };
}
