import { randomUUID } from 'node:crypto';

/** An ARM resource as the service returns it. */
export interface Resource {
	id: string;
	name: string;
	type: string;
	location?: string;
	kind?: string;
	tags?: Record<string, string>;
	identity?: Record<string, unknown>;
	sku?: Record<string, unknown>;
	etag?: string | null;
	properties: Record<string, unknown>;
	systemData: Record<string, string>;
}

/** A metric's points, kept in columns so a million of them stay cheap. */
export class MetricSeries {
	readonly steps: number[] = [];
	readonly values: number[] = [];
	readonly timestamps: number[] = [];

	push(step: number, value: number, timestamp: number): void {
		this.steps.push(step);
		this.values.push(value);
		this.timestamps.push(timestamp);
	}

	get length(): number {
		return this.values.length;
	}
}

export interface JobState {
	resource: Resource;
	status: string;
	createdAt: number;
	startedAt?: number;
	endedAt?: number;
	experimentName: string;
	/** Blob names under the artifact container, e.g. `ExperimentRun/dcid.<job>/azureml-logs/70_driver_log.txt`. */
	readonly logBlobs: Set<string>;
	readonly metrics: Map<string, MetricSeries>;
	readonly params: Map<string, string>;
	error?: { code: string; message: string };
	readonly warnings: string[];
	/** Stops the simulation's timers. */
	stop?: () => void;
	/** Asks a running simulation to cancel. */
	cancel?: () => void;
	/** Lets a job held by its scenario's `holdBeforeStep` go on; absent while it is not held. */
	release?: () => void;
}

export interface DatastoreState {
	resource: Resource;
	secrets: { secretsType: 'AccountKey'; key: string } | { secretsType: 'Sas'; sasToken: string };
}

export interface AssetState {
	container: Resource;
	readonly versions: Map<string, Resource>;
}

export interface EndpointState {
	resource: Resource;
	readonly deployments: Map<string, Resource>;
	readonly keys: { primaryKey: string; secondaryKey: string };
}

export type AssetKind = 'data' | 'environments' | 'models' | 'codes';

export class WorkspaceState {
	readonly computes = new Map<string, Resource>();
	readonly datastores = new Map<string, DatastoreState>();
	readonly assets: Record<AssetKind, Map<string, AssetState>> = {
		data: new Map(),
		environments: new Map(),
		models: new Map(),
		codes: new Map(),
	};
	readonly jobs = new Map<string, JobState>();
	/** Job names, oldest first. */
	readonly jobOrder: string[] = [];
	readonly endpoints = new Map<string, EndpointState>();

	constructor(
		readonly resource: Resource,
		readonly subscriptionId: string,
		readonly resourceGroup: string,
		readonly workspaceId: string,
	) {}

	get name(): string {
		return this.resource.name;
	}

	get armId(): string {
		return this.resource.id;
	}

	get location(): string {
		return this.resource.location ?? 'eastus2';
	}

	/** Per-workspace containers, since every emulated workspace shares Azurite's one account. */
	get blobContainer(): string {
		return `azureml-blobstore-${this.workspaceId}`;
	}

	get artifactContainer(): string {
		return `azureml-${this.workspaceId}`;
	}
}

export interface SubscriptionState {
	readonly subscriptionId: string;
	readonly displayName: string;
	readonly tenantId: string;
}

export class EmulatorState {
	readonly subscriptions = new Map<string, SubscriptionState>();
	/** Keyed by the lower-cased workspace ARM id. */
	readonly workspaces = new Map<string, WorkspaceState>();
	/** Resource groups made through ARM, keyed by lower-cased id (groups holding seeded workspaces are listed too). */
	readonly resourceGroups = new Map<string, Resource>();
	/** Other ARM resources (storage accounts, key vaults, …) made by template deployments, keyed by lower-cased id. */
	readonly resources = new Map<string, Resource>();

	workspace(subscriptionId: string, resourceGroup: string, name: string): WorkspaceState | undefined {
		return this.workspaces.get(workspaceKey(subscriptionId, resourceGroup, name));
	}

	addSubscription(subscriptionId: string, displayName = `Emulator subscription ${subscriptionId.slice(0, 8)}`): SubscriptionState {
		const existing = this.subscriptions.get(subscriptionId.toLowerCase());
		if (existing) {
			return existing;
		}
		const subscription = { subscriptionId, displayName, tenantId: '00000000-0000-0000-0000-00000000e0e0' };
		this.subscriptions.set(subscriptionId.toLowerCase(), subscription);
		return subscription;
	}

	allJobs(): JobState[] {
		return [...this.workspaces.values()].flatMap((w) => [...w.jobs.values()]);
	}
}

export function workspaceKey(subscriptionId: string, resourceGroup: string, name: string): string {
	return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/workspaces/${name}`.toLowerCase();
}

export function newGuid(): string {
	return randomUUID();
}
