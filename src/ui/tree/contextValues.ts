/**
 * Every contextValue a node can have. package.json `when` clauses match on these with regexes
 * (e.g. `viewItem =~ /\brun\b/`), so several facets are joined with `;`.
 */
export const ContextValue = {
	LocalWorkspace: 'localWorkspace',
	/** Local's Data folder (Upload Folder as Data Asset…) and its assets and versions. */
	LocalDataFolder: 'localDataFolder',
	LocalDataAsset: 'localDataAsset',
	Experiment: 'experiment',
	/** A run (local or Azure); `runActive` is added while it can still change. */
	Run: 'run',
	RunActive: 'runActive',
	RunLocal: 'runLocal',
	RunAzure: 'runAzure',
	/** Azure: the sign-in node, the account, subscriptions, workspaces, their folders and resources. */
	AzureSignIn: 'azureSignIn',
	AzureAccount: 'azureAccount',
	Subscription: 'subscription',
	Workspace: 'workspace',
	AzureFolder: 'azureFolder',
	/** Anything with a resource id and a name (copy id / name). */
	AzureResource: 'azureResource',
	/** Has a page in Azure ML studio. */
	InStudio: 'inStudio',
	/** The service allows deleting it (computes, online endpoints). */
	Deletable: 'deletable',
	Error: 'error',
	LoadMore: 'loadMore',
	Message: 'message',
	/** A workspace's Compute folder (Create Compute Cluster…) and a cluster in it (Resize…). */
	ComputeFolder: 'computeFolder',
	AmlCluster: 'amlCluster',
	/** A compute instance, with one facet per action its state allows (Start / Stop / Restart). */
	ComputeInstance: 'computeInstance',
	InstanceCanStart: 'instanceCanStart',
	InstanceCanStop: 'instanceCanStop',
	InstanceCanRestart: 'instanceCanRestart',
	/** A datastore (Register Datastore Path…). */
	Datastore: 'datastore',
	/** A workspace's Data folder and its Data assets folder (Upload Folder as Data Asset…). */
	DataFolder: 'dataFolder',
	/** A workspace's Environments folder (Register Environment…). */
	EnvironmentFolder: 'environmentFolder',
	/** An Azure model version (Deploy…). */
	AzureModelVersion: 'azureModelVersion',
	/** A workspace's Endpoints folder (Deploy…). */
	EndpointFolder: 'endpointFolder',
	/** An online endpoint and a deployment of it (Test Endpoint…, Copy Scoring URI, Update Traffic…, Delete…). */
	OnlineEndpoint: 'onlineEndpoint',
	OnlineDeployment: 'onlineDeployment',
	/** A file or folder among a run's outputs and logs (open, Download…, Register Model…). */
	ArtifactFile: 'artifactFile',
	ArtifactFolder: 'artifactFolder',
	LocalArtifact: 'localArtifact',
	AzureArtifact: 'azureArtifact',
	/** Models and their versions (Sort Versions by…, Download, Deploy Best Version). */
	AzureModel: 'azureModel',
	LocalModel: 'localModel',
	LocalModelVersion: 'localModelVersion',
	/** A Local endpoint this window serves (test, copy, delete). */
	LocalEndpoint: 'localEndpoint',
	LocalModelsFolder: 'localModelsFolder',
	LocalEndpointsFolder: 'localEndpointsFolder',
} as const;

export function joinContext(...facets: (string | false | undefined)[]): string {
	return facets.filter(Boolean).join(';');
}
