import * as vscode from 'vscode';
import { findPython, platformCandidates, type PythonCandidate, type PythonCommand } from '../../core/backends/local/pythonFinder';

/** The parts of the Python extension's API used here (ms-python.python, `environments`). */
interface PythonExtensionApi {
	environments?: {
		getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
		resolveEnvironment(path: string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
	};
}

/**
 * The Python a local run uses: the first of the interpreter selected in the Python extension (when
 * it is installed), the azuremlExplorer.local.python setting, then `py -3` on Windows or python3
 * elsewhere, then python, that runs and is 3.8 or newer.
 */
export async function pythonFor(resource: vscode.Uri | undefined): Promise<PythonCommand> {
	const candidates: PythonCandidate[] = [];
	const fromExtension = await selectedInterpreter(resource);
	if (fromExtension) {
		candidates.push({ command: fromExtension, args: [], origin: "the Python extension's selected interpreter" });
	}
	const setting = vscode.workspace.getConfiguration('azuremlExplorer', resource).get<string>('local.python')?.trim();
	if (setting) {
		candidates.push({ command: setting, args: [], origin: 'setting azuremlExplorer.local.python' });
	}
	return findPython([...candidates, ...platformCandidates(process.platform)]);
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
