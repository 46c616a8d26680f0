import type { RecordedEntry } from './recordings';

/** An operation of the recordings that the extension uses, and what its requests must carry. */
export interface UsedOperation {
	readonly key: string;
	/** Body fields the service needs, which the client must send (dot paths). */
	readonly requires?: readonly string[];
	/** The api-version the client must send when it is not the SDK's 2022-10-01. */
	readonly apiVersion?: string;
	/** Recorded samples of requests the extension would send; others (e.g. pipeline jobs) are out of scope. */
	readonly accept?: (entry: RecordedEntry) => boolean;
}

const ws = '.../workspaces/{ws}';
const location = '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}';
const jobType = (body: unknown) => (body as { properties?: { jobType?: string } } | null)?.properties?.jobType;

export const usedOperations: readonly UsedOperation[] = [
	{ key: `GET ${ws}` },
	{ key: 'GET {region}.api.azureml.ms/discovery' },
	{ key: `PUT ${ws}/computes/{name}`, requires: ['location', 'properties.computeType', 'properties.properties.vmSize', 'properties.properties.scaleSettings.maxNodeCount'] },
	{ key: `GET ${location}/computeOperationsStatus/{id}` },
	{ key: `GET ${ws}/computes/{name}` },
	{ key: `DELETE ${ws}/computes/{name}` },
	{ key: `GET ${ws}/datastores` },
	{ key: `GET ${ws}/datastores/{name}` },
	{ key: `POST ${ws}/datastores/{name}/listSecrets` },
	{ key: `GET ${ws}/codes/{name}/versions`, apiVersion: '2023-04-01' },
	{ key: `POST ${ws}/codes/{name}/versions/{version}/startPendingUpload`, apiVersion: '2023-04-01', requires: ['pendingUploadType'] },
	{ key: 'HEAD {account}/{container}/{blob-path}' },
	{ key: 'PUT {account}/{container}/{blob-path}' },
	{ key: 'PUT {account}/{container}/{blob-path}?comp=metadata' },
	{ key: `PUT ${ws}/codes/{name}/versions/{version}`, requires: ['properties.codeUri'] },
	{ key: `GET ${ws}/codes/{name}/versions/{version}` },
	{ key: `PUT ${ws}/data/{name}/versions/{version}`, requires: ['properties.dataType', 'properties.dataUri'] },
	{ key: `GET ${ws}/data/{name}/versions/{version}` },
	{ key: `PUT ${ws}/environments/{name}/versions/{version}`, requires: ['properties.image'] },
	{ key: `GET ${ws}/models/{name}/versions` },
	{ key: `PUT ${ws}/models/{name}/versions/{version}`, requires: ['properties.modelType', 'properties.modelUri'] },
	{ key: `GET ${ws}/models/{name}/versions/{version}` },
	{
		key: `PUT ${ws}/jobs/{name}`,
		apiVersion: '2024-04-01',
		requires: ['properties.jobType', 'properties.command', 'properties.environmentId'],
		accept: (entry) => jobType(entry.RequestBody) === 'Command',
	},
	{ key: `GET ${ws}/jobs/{name}`, accept: (entry) => jobType(entry.ResponseBody) === 'Command' },
	{ key: `POST ${ws}/jobs/{name}/cancel` },
	{ key: `GET ${location}/mfeOperationResults/{id}` },
	{ key: `PUT ${ws}/onlineEndpoints/{name}`, requires: ['location', 'properties.authMode'] },
	{ key: `GET ${location}/mfeOperationsStatus/{id}` },
	{ key: `GET ${ws}/onlineEndpoints/{name}` },
	{ key: `GET ${ws}/onlineEndpoints/{name}/deployments` },
	{ key: `POST ${ws}/onlineEndpoints/{name}/token` },
	{ key: `DELETE ${ws}/onlineEndpoints/{name}` },
];

/** Status URLs whose ids the client only knows from a previous answer. */
export function isOperationStatus(key: string): boolean {
	return /\/(computeOperationsStatus|mfeOperationsStatus|mfeOperationResults|workspaceOperationsStatus)\/\{id\}$/.test(key);
}
