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
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
