import type { BlobStore } from './BlobStore';
import type { DeploymentServers } from './deploymentServers';
import type { Faults } from './Faults';
import type { DeploymentScenario } from './arm/deployments';
import type { LroTiming, Operations } from './Operations';
import type { ResolvedScenario } from './scenario';
import type { EmulatorState } from './state';

/** What the route handlers share. */
export interface EmulatorContext {
	readonly origin: string;
	readonly state: EmulatorState;
	readonly blobs: BlobStore;
	readonly operations: Operations;
	readonly faults: Faults;
	/** The inference servers of online deployments. */
	readonly deployments: DeploymentServers;
	readonly settings: EmulatorSettings;
}

export interface EmulatorSettings {
	/** The bearer token ARM, run history and MLflow accept. */
	acceptedToken: string;
	/** Applies to jobs submitted from now on. */
	scenario: ResolvedScenario;
	lro: LroTiming;
	jobsPageSize: number;
	listPageSize: number;
	/** Artifacts per page of run history's `artifacts/prefix/contentinfo`. */
	artifactsPageSize: number;
	/** Every ARM list answers `{"value": [], "nextLink": …}` first, as ARM may; the link leads to the real first page. */
	emptyFirstPage: boolean;
	/** Every ARM list writes its items' ids with `resourcegroups/<group in lower case>`, as ARM's lists may. */
	lowerCaseResourceGroups: boolean;
	/** How template deployments behave from now on (a resource to fail or hold). */
	deployment: DeploymentScenario;
}
