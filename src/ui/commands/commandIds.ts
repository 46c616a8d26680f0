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
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
