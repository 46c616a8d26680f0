import * as vscode from 'vscode';

/** The parts of the Python extension's API used here (ms-python.python, `environments`). */
interface PythonExtensionApi {
	environments?: {
		getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
		resolveEnvironment(path: string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
	};
}

/**
 * The Python a local run uses: the interpreter selected in the Python extension when it is
 * installed, else the azuremlExplorer.local.python setting, else python3.
 */
export async function pythonFor(resource: vscode.Uri | undefined): Promise<string> {
	const fromExtension = await selectedInterpreter(resource);
	if (fromExtension) {
		return fromExtension;
	}
	const setting = vscode.workspace.getConfiguration('azuremlExplorer', resource).get<string>('local.python')?.trim();
	return setting || 'python3';
}

async function selectedInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
	const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
	if (!extension) {
		return undefined;
	}
	try {
		const api = extension.isActive ? extension.exports : await extension.activate();
		const environments = api.environments;
		if (!environments) {
			return undefined;
		}
		const environment = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(resource).path);
		return environment?.executable.uri?.fsPath;
	} catch {
		// The Python extension failing must not stop a local run: fall back to the setting.
		return undefined;
	}
}
