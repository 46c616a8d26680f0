import type { AzureMachineLearningWorkspaces, Workspace } from '@azure/arm-machinelearning';
import { armCall } from '../../azure/arm';
import type { AzureConnection } from '../../azure/AzureConnection';
import { discoverServices } from '../../azure/discovery';
import { AzureError } from '../../azure/errors';
import { mlflowBase } from '../../azure/mlflow';
import { workspaceArmId, type WorkspaceRef } from '../../azure/workspaceRef';

/**
 * One Azure ML workspace: its ARM client, and its data-plane bases (run history through the
 * discovery URL's `api`, MLflow through `mlFlowTrackingUri`), looked up once.
 */
export class AzureWorkspace {
	private details?: Promise<Workspace>;
	private api?: Promise<string>;

	constructor(
		readonly connection: AzureConnection,
		readonly ref: WorkspaceRef,
	) {}

	get arm(): AzureMachineLearningWorkspaces {
		return this.connection.arm(this.ref.subscriptionId);
	}

	get armId(): string {
		return workspaceArmId(this.ref);
	}

	/** How messages name it: `workspace "w"`. */
	get label(): string {
		return `workspace "${this.ref.workspace}"`;
	}

	/** The workspace resource, fetched once (a failed fetch is retried next time). */
	properties(signal?: AbortSignal): Promise<Workspace> {
		this.details ??= armCall(`read ${this.label}`, () => this.arm.workspaces.get(this.ref.resourceGroup, this.ref.workspace, { abortSignal: signal }));
		return this.forgetOnFailure(this.details, () => (this.details = undefined));
	}

	/** The workspace's region; new computes and endpoints go there unless told otherwise. */
	async location(signal?: AbortSignal): Promise<string> {
		const location = (await this.properties(signal)).location;
		if (!location) {
			throw new AzureError('azure.serviceError', `The service did not say which region ${this.label} is in. Try again later.`);
		}
		return location;
	}

	/** The run-history base (`https://<region>.api.azureml.ms`). */
	apiBase(signal?: AbortSignal): Promise<string> {
		this.api ??= this.properties(signal).then(async (workspace) => {
			if (!workspace.discoveryUrl) {
				throw new AzureError('azure.serviceError', `The ${this.label} has no discovery URL, so its runs cannot be read. Try again later.`);
			}
			return (await discoverServices(this.connection.anonymousHttp, workspace.discoveryUrl, signal)).api;
		});
		return this.forgetOnFailure(this.api, () => (this.api = undefined));
	}

	async mlflowBase(signal?: AbortSignal): Promise<string> {
		const workspace = await this.properties(signal);
		if (!workspace.mlFlowTrackingUri) {
			throw new AzureError('azure.serviceError', `The ${this.label} has no MLflow tracking URI, so its metrics cannot be read.`);
		}
		return mlflowBase(workspace.mlFlowTrackingUri);
	}

	private forgetOnFailure<T>(promise: Promise<T>, forget: () => void): Promise<T> {
		return promise.catch((error: unknown) => {
			forget();
			throw error;
		});
	}
}
