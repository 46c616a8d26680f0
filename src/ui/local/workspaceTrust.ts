/**
 * Refuses to run code on this machine in Restricted Mode (package.json declares limited support
 * for untrusted workspaces): a Local run or a Local endpoint executes the folder's scripts with a
 * Python the folder's settings could name. Browsing stays available.
 */
export function requireTrustToRunCode(isTrusted: boolean, action: string): void {
	if (!isTrusted) {
		throw new Error(`${action} runs this folder's code on this machine, which Restricted Mode does not allow. Trust the folder first (Workspaces: Manage Workspace Trust).`);
	}
}
