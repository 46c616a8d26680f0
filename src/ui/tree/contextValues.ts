/**
 * Every contextValue a node can have. package.json `when` clauses match on these with regexes
 * (e.g. `viewItem =~ /\brun\b/`), so several facets are joined with `;`.
 */
export const ContextValue = {
	LocalWorkspace: 'localWorkspace',
	Experiment: 'experiment',
	/** A run (local or Azure); `runActive` is added while it can still change. */
	Run: 'run',
	RunActive: 'runActive',
	RunLocal: 'runLocal',
	RunAzure: 'runAzure',
	Error: 'error',
	LoadMore: 'loadMore',
	Message: 'message',
} as const;

export function joinContext(...facets: (string | false | undefined)[]): string {
	return facets.filter(Boolean).join(';');
}
