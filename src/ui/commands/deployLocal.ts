import * as path from 'node:path';
import * as vscode from 'vscode';
import { listLocalModels, listLocalModelVersions, type LocalModelVersion } from '../../core/backends/local/modelRegistry';
import { endpointNameProblem } from '../../core/endpoints/names';
import { describeSort, sortVersions } from '../../core/models/versionSort';
import { pickVersionSort } from '../models/pickVersionSort';
import { localSortKey } from '../models/versionSorts';
import type { LocalEndpoint } from '../local/LocalEndpoints';
import { pythonFor } from '../local/pythonInterpreter';
import { requireTrustToRunCode } from '../local/workspaceTrust';
import type { Services } from '../services';

/**
 * Deploys a Local model version to a Local endpoint: the given one (Deploy Best Version), else the
 * versions are offered best first by a numeric property (the sort is remembered per model); then the
 * scoring script, then the server starts.
 */
export async function deployLocal(services: Services, preset?: LocalModelVersion): Promise<LocalEndpoint> {
	requireTrustToRunCode(vscode.workspace.isTrusted, 'Deploying to Local');
	const version = preset ?? (await pickVersion(services));
	const model = version.name;
	const scripts = await vscode.workspace.findFiles('**/score.py', '{**/node_modules/**,**/.venv/**}', 200);
	const scoringScript = (
		await services.prompt.quickPick(
			scripts.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
			{ title: 'Deploy to Local: scoring script (init() and run())' },
		)
	).uri.fsPath;
	const name = (
		await services.prompt.inputBox({ title: 'Deploy to Local: endpoint name', value: `${model.replace(/[^a-zA-Z0-9-]/g, '-')}-local`.slice(0, 32), validateInput: (value) => endpointNameProblem(value.trim()) })
	).trim();
	const python = await pythonFor(vscode.Uri.file(scoringScript));
	const endpoint = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Deploying ${version.name}:${version.version} to Local endpoint "${name}" (init() of ${path.basename(scoringScript)})…`, cancellable: true },
		(_progress, token) => {
			const controller = new AbortController();
			token.onCancellationRequested(() => controller.abort());
			return services.localEndpoints.deploy(name, version, scoringScript, python, controller.signal);
		},
	);
	void vscode.window.showInformationMessage(`Local endpoint "${name}" is listening at ${endpoint.server.scoringUri}.`);
	return endpoint;
}

/** The model, then its version: best first by the sort chosen (and remembered) for the model. */
async function pickVersion(services: Services): Promise<LocalModelVersion> {
	const backend = services.local.backend;
	if (!backend) {
		throw new Error('Open a folder to use the Local workspace.');
	}
	const models = await listLocalModels(backend.store);
	if (models.length === 0) {
		throw new Error('The Local workspace has no models yet: right-click a Local run › Register Model….');
	}
	const model = (await services.prompt.quickPick(models.map((label) => ({ label })), { title: 'Deploy to Local: model' })).label;
	const versions = (await listLocalModelVersions(backend.store, model)).map((v) => ({ ...v, properties: v.tags }));
	const sort = await pickVersionSort(services, model, localSortKey(model), versions);
	const ordered = sort ? sortVersions(versions, sort) : versions;
	return (
		await services.prompt.quickPick(
			ordered.map((v, index) => ({
				label: `${v.name}:${v.version}`,
				description: sort && index === 0 ? `best by ${describeSort(sort)}` : undefined,
				detail: Object.entries(v.tags).map(([key, value]) => `${key} ${value}`).join(' · ') || undefined,
				version: v,
			})),
			{ title: 'Deploy to Local: version' },
		)
	).version;
}
