import * as path from 'node:path';
import * as vscode from 'vscode';
import { listLocalModels, listLocalModelVersions, type LocalModelVersion } from '../../core/backends/local/modelRegistry';
import { endpointNameProblem } from '../../core/endpoints/names';
import { describeSort, numericProperties, sortVersions, type VersionSort } from '../../core/models/versionSort';
import type { LocalEndpoint } from '../local/LocalEndpoints';
import { pythonFor } from '../local/pythonInterpreter';
import { requireTrustToRunCode } from '../local/workspaceTrust';
import type { Services } from '../services';

/** The sort last chosen for a model's versions, remembered per model in the workspace. */
export function sortKey(model: string): string {
	return `azuremlExplorer.versionSort:${model}`;
}

/**
 * Deploys a Local model version to a Local endpoint: the versions are offered best first by a
 * numeric property (the sort is remembered per model), then the scoring script, then the server starts.
 */
export async function deployLocal(services: Services): Promise<LocalEndpoint> {
	requireTrustToRunCode(vscode.workspace.isTrusted, 'Deploying to Local');
	const backend = services.local.backend;
	if (!backend) {
		throw new Error('Open a folder to use the Local workspace.');
	}
	const models = await listLocalModels(backend.store);
	if (models.length === 0) {
		throw new Error('The Local workspace has no models yet: right-click a Local run › Register Model….');
	}
	const model = (await services.prompt.quickPick(models.map((label) => ({ label })), { title: 'Deploy to Local: model' })).label;
	const versions = await listLocalModelVersions(backend.store, model);
	const sort = await chooseSort(services, model, versions);
	const ordered = sort ? sortVersions(versions.map((v) => ({ ...v, properties: v.tags })), sort) : versions;
	const version = (
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

/** The sort to order versions by: the remembered one, or the user's choice when there are properties to sort by. */
async function chooseSort(services: Services, model: string, versions: readonly LocalModelVersion[]): Promise<VersionSort | undefined> {
	const properties = numericProperties(versions.map((v) => ({ version: v.version, properties: v.tags })));
	if (properties.length === 0) {
		return undefined;
	}
	const remembered = services.context.workspaceState.get<VersionSort>(sortKey(model));
	const items = properties.flatMap((property) =>
		(['highest', 'lowest'] as const).map((direction) => ({ label: describeSort({ property, direction }), sort: { property, direction } })),
	);
	const current = remembered && items.find((item) => item.label === describeSort(remembered));
	const picked = await services.prompt.quickPick(current ? [current, ...items.filter((item) => item !== current)] : items, {
		title: `Sort the versions of ${model} by`,
	});
	await services.context.workspaceState.update(sortKey(model), picked.sort);
	return picked.sort;
}
