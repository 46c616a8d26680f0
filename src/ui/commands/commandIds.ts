/** Every command the extension contributes; package.json and this list must match (a unit test checks). */
export const CommandId = {
	/** {@link showExtensionLog} */
	ShowExtensionLog: 'azuremlExplorer.showExtensionLog',
	/** {@link refresh} */
	Refresh: 'azuremlExplorer.refresh',
	/** {@link loadMore} */
	LoadMore: 'azuremlExplorer.loadMore',
	/** {@link submitScript} */
	SubmitScript: 'azuremlExplorer.submitScript',
	/** {@link cancelJob} */
	CancelJob: 'azuremlExplorer.cancelJob',
	/** {@link streamJobLogs} */
	StreamJobLogs: 'azuremlExplorer.streamJobLogs',
	/** {@link stopLogStreaming} */
	StopLogStreaming: 'azuremlExplorer.stopLogStreaming',
	/** {@link chooseLogFile} */
	ChooseLogFile: 'azuremlExplorer.chooseLogFile',
	/** {@link showMetrics} */
	ShowMetrics: 'azuremlExplorer.showMetrics',
	/** {@link compareMetrics} */
	CompareMetrics: 'azuremlExplorer.compareMetrics',
	/** {@link signIn} */
	SignIn: 'azuremlExplorer.signIn',
	/** {@link signOut} */
	SignOut: 'azuremlExplorer.signOut',
	/** {@link selectSubscriptions} */
	SelectSubscriptions: 'azuremlExplorer.selectSubscriptions',
	/** {@link openInStudio} */
	OpenInStudio: 'azuremlExplorer.openInStudio',
	/** {@link copyResourceId} */
	CopyResourceId: 'azuremlExplorer.copyResourceId',
	/** {@link copyName} */
	CopyName: 'azuremlExplorer.copyName',
	/** {@link deleteResource} */
	DeleteResource: 'azuremlExplorer.deleteResource',
	/** {@link showCuratedEnvironments} */
	ShowCuratedEnvironments: 'azuremlExplorer.showCuratedEnvironments',
	/** {@link openLocalWorkspace} */
	OpenLocalWorkspace: 'azuremlExplorer.openLocalWorkspace',
	/** {@link submitJobYaml} */
	SubmitJobYaml: 'azuremlExplorer.submitJobYaml',
	/** {@link rerunJob} */
	RerunJob: 'azuremlExplorer.rerunJob',
	/** {@link writeWorkspaceConfig} */
	WriteWorkspaceConfig: 'azuremlExplorer.writeWorkspaceConfig',
	/** {@link createWorkspace} */
	CreateWorkspace: 'azuremlExplorer.createWorkspace',
	/** {@link createComputeCluster} */
	CreateComputeCluster: 'azuremlExplorer.createComputeCluster',
	/** {@link resizeComputeCluster} */
	ResizeComputeCluster: 'azuremlExplorer.resizeComputeCluster',
	/** {@link startComputeInstance} */
	StartComputeInstance: 'azuremlExplorer.startComputeInstance',
	/** {@link stopComputeInstance} */
	StopComputeInstance: 'azuremlExplorer.stopComputeInstance',
	/** {@link restartComputeInstance} */
	RestartComputeInstance: 'azuremlExplorer.restartComputeInstance',
	/** {@link registerDatastorePath} */
	RegisterDatastorePath: 'azuremlExplorer.registerDatastorePath',
	/** {@link uploadFolderAsDataAsset} */
	UploadFolderAsDataAsset: 'azuremlExplorer.uploadFolderAsDataAsset',
	/** {@link registerEnvironment} */
	RegisterEnvironment: 'azuremlExplorer.registerEnvironment',
	/** {@link registerLocalModel} */
	RegisterLocalModel: 'azuremlExplorer.registerLocalModel',
	/** {@link deployLocal} */
	DeployLocal: 'azuremlExplorer.deployLocal',
	/** {@link testLocalEndpoint} */
	TestLocalEndpoint: 'azuremlExplorer.testLocalEndpoint',
	/** {@link deleteLocalEndpoint} */
	DeleteLocalEndpoint: 'azuremlExplorer.deleteLocalEndpoint',
	/** {@link registerAzureModel} */
	RegisterAzureModel: 'azuremlExplorer.registerAzureModel',
	/** {@link copyLocalScoringUri} */
	CopyLocalScoringUri: 'azuremlExplorer.copyLocalScoringUri',
	/** {@link copyLocalCurl} */
	CopyLocalCurl: 'azuremlExplorer.copyLocalCurl',
	/** {@link hideCuratedEnvironments} */
	HideCuratedEnvironments: 'azuremlExplorer.hideCuratedEnvironments',
	/** {@link deployToAzure} */
	DeployToAzure: 'azuremlExplorer.deployToAzure',
	/** {@link testAzureEndpoint} */
	TestEndpoint: 'azuremlExplorer.testEndpoint',
	/** {@link copyScoringUri} */
	CopyScoringUri: 'azuremlExplorer.copyScoringUri',
	/** {@link copyEndpointKey} */
	CopyEndpointKey: 'azuremlExplorer.copyEndpointKey',
	/** {@link copyAzureCurl} */
	CopyAzureCurl: 'azuremlExplorer.copyAzureCurl',
	/** {@link showDeploymentLogs} */
	ShowDeploymentLogs: 'azuremlExplorer.showDeploymentLogs',
	/** {@link updateTraffic} */
	UpdateTraffic: 'azuremlExplorer.updateTraffic',
	/** {@link deleteDeployment} */
	DeleteDeployment: 'azuremlExplorer.deleteDeployment',
	/** {@link deleteEndpoint} */
	DeleteEndpoint: 'azuremlExplorer.deleteEndpoint',
	/** {@link openInTensorBoard} */
	OpenInTensorBoard: 'azuremlExplorer.openInTensorBoard',
	/** {@link downloadArtifact} */
	DownloadArtifact: 'azuremlExplorer.downloadArtifact',
	/** {@link sortModelVersions} */
	SortModelVersions: 'azuremlExplorer.sortModelVersions',
	/** {@link downloadModel} */
	DownloadModel: 'azuremlExplorer.downloadModel',
	/** {@link deployBestVersion} */
	DeployBestVersion: 'azuremlExplorer.deployBestVersion',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
