// Entry of the lazily required Azure bundle (dist/azure.js). The extension loads it with
// `import('./azureEntry')` the first time Azure is used, so the Azure SDKs stay out of activation.
// UI code imports the types straight from src/core (`import type`) and the values from here.

export { azureChinaCloud, azurePublicCloud, azureUsGovernmentCloud, customCloud, knownClouds } from './core/azure/clouds';
export { AzureConnection } from './core/azure/AzureConnection';
export { createAzureCliCredential, createEnvironmentCredential } from './core/azure/credentials';
export { StaticTokenCredential } from './core/azure/StaticTokenCredential';
export { listSubscriptions } from './core/azure/subscriptions';
export { listResourceGroups } from './core/azure/resourceGroups';
export { listLocations, listResourcesOfType } from './core/azure/armResources';
export { createWorkspace, deleteLeftBehind, describeLeftBehind, workspaceExists } from './core/workspaces/createWorkspace';
export { openContainer } from './core/azure/blobs';
export { AzureWorkspace } from './core/backends/azure/AzureWorkspace';
export { AzureRunBackend } from './core/backends/azure/AzureRunBackend';
export { listWorkspaces, workspaceRefOfListed } from './core/backends/azure/workspaces';
export { clusterSpecOf, createAmlCompute, deleteCompute, getCompute, listComputes, listUsages, listVmSizes } from './core/backends/azure/computes';
export { runInstanceAction } from './core/backends/azure/computeInstances';
export { getDatastore, getDefaultDatastore, listDatastores, listDatastoreSecrets, openDatastoreContainer } from './core/backends/azure/datastores';
export { createDataVersion, getDataVersion, listDataAssets, listDataVersions } from './core/backends/azure/dataAssets';
export { uploadDataFolder } from './core/data/uploadDataFolder';
export { registerDatastorePath } from './core/data/registerDatastorePath';
export { registerEnvironment } from './core/environments/registerEnvironment';
export { createEnvironmentVersion, getEnvironmentVersion, listEnvironments, listEnvironmentVersions } from './core/backends/azure/environments';
export { createModelVersion, getModelVersion, latestModelVersion, listModels, listModelVersions } from './core/backends/azure/models';
export { createCodeVersion, findCodeByHash, getCodeVersion, startPendingUpload } from './core/backends/azure/codes';
export { cancelJob, getJob, listJobs, putCommandJob } from './core/backends/azure/jobs';
export {
	createDeployment,
	createOnlineEndpoint,
	deleteOnlineEndpoint,
	getDeployment,
	getEndpointKeys,
	getEndpointToken,
	getOnlineEndpoint,
	invokeEndpoint,
	listDeployments,
	listOnlineEndpoints,
	setEndpointTraffic,
} from './core/backends/azure/endpoints';
export { submitCommandJob } from './core/jobs/submitCommandJob';
export { commandJobFromYaml, commandJobToYaml } from './core/jobs/commandJobYaml';
export { condaSourceFor, findEnvironmentFiles, inlineRequirements } from './core/jobs/environmentFiles';
export { pythonCommand, specProblems } from './core/jobs/commandJobSpec';
