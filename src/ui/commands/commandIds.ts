/** Every command the extension contributes; package.json and this list must match (a unit test checks). */
export const CommandId = {
	/** {@link showExtensionLog} */
	ShowExtensionLog: 'azuremlExplorer.showExtensionLog',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
