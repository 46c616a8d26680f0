import { parse as parseYaml } from 'yaml';
import { devAccountName } from '../azurite';
import type { EmulatorContext } from '../context';
import { armError, badRequest, json, notFound, pageOf, parseJsonBody, systemData, type EmuRequest, type EmuResponse, type Router } from '../http';
import { newGuid, type AssetKind, type AssetState, type Resource, type WorkspaceState } from '../state';
import { findWorkspace, invalidName, isResponse, isSameBody, locationOf, rememberBody, rememberedBody, workspacePath } from './common';

interface AssetSpec {
	readonly label: string;
	/** Checks the version body; returns what is wrong, or the properties to store. */
	readonly accept: (properties: Record<string, unknown>, workspace: WorkspaceState) => string | Record<string, unknown>;
}

const common = (p: Record<string, unknown>) => ({
	description: p.description ?? null,
	tags: p.tags ?? {},
	properties: p.properties ?? {},
	isArchived: p.isArchived ?? false,
	isAnonymous: p.isAnonymous ?? false,
});

/** `azureml://datastores/<ds>/paths/<p>` in the long, workspace-qualified form the service stores. */
function longDatastoreUri(uri: string, workspace: WorkspaceState, folder: boolean): string {
	const long = uri.replace(
		/^azureml:\/\/datastores\//,
		`azureml://subscriptions/${workspace.subscriptionId}/resourcegroups/${workspace.resourceGroup}/workspaces/${workspace.name}/datastores/`,
	);
	return folder && !long.endsWith('/') ? `${long}/` : long;
}

const specs: Record<AssetKind, AssetSpec> = {
	data: {
		label: 'Data',
		accept: (p, workspace) => {
			if (!['uri_file', 'uri_folder', 'mltable'].includes(p.dataType as string)) {
				return "properties.dataType must be 'uri_file', 'uri_folder' or 'mltable'.";
			}
			if (typeof p.dataUri !== 'string' || !p.dataUri) {
				return 'properties.dataUri is required.';
			}
			const dataUri = longDatastoreUri(p.dataUri, workspace, p.dataType !== 'uri_file');
			return { ...common(p), autoDeleteSetting: null, dataUri, stage: null, intellectualProperty: null, dataType: p.dataType };
		},
	},
	environments: {
		label: 'Environment',
		accept: (p) => {
			const build = p.build as { contextUri?: unknown; dockerfilePath?: unknown } | undefined;
			if (typeof p.image !== 'string' && typeof build?.contextUri !== 'string') {
				return 'An environment needs properties.image (a base image) or properties.build.contextUri (a Docker build context).';
			}
			// The service builds either a base image with a conda file or a Docker context, not both (as the SDK's validation says).
			if (build !== undefined && (p.image !== undefined || p.condaFile !== undefined)) {
				return 'Docker image or Dockerfile should be provided not both: properties.build cannot come with properties.image or properties.condaFile.';
			}
			if (build !== undefined && (typeof build.contextUri !== 'string' || !/^(https?|azureml):\/\/\S+\/$/.test(build.contextUri))) {
				return 'properties.build.contextUri must be the URI of the uploaded build context folder, ending in "/".';
			}
			if (build?.dockerfilePath !== undefined && (typeof build.dockerfilePath !== 'string' || /^([\\/]|[A-Za-z]:)|(^|[\\/])\.\.([\\/]|$)/.test(build.dockerfilePath))) {
				return 'properties.build.dockerfilePath must be a path relative to the build context, inside it.';
			}
			let condaFile: string | undefined;
			if (p.condaFile !== undefined) {
				if (typeof p.condaFile !== 'string') {
					return 'properties.condaFile must be the text of a conda environment YAML file.';
				}
				try {
					condaFile = JSON.stringify(parseYaml(p.condaFile), undefined, 2);
				} catch (error) {
					return `properties.condaFile is not valid YAML: ${(error as Error).message}`;
				}
			}
			return {
				...common(p),
				properties: { ...(p.properties as object | undefined), 'azureml.labels': 'latest' },
				autoDeleteSetting: null,
				environmentType: 'UserCreated',
				...(typeof p.image === 'string' ? { image: p.image } : {}),
				// The REST spec's default Dockerfile path.
				...(build ? { build: { contextUri: build.contextUri, dockerfilePath: build.dockerfilePath ?? 'Dockerfile' } } : {}),
				...(condaFile !== undefined ? { condaFile } : {}),
				osType: p.osType ?? 'Linux',
				autoRebuild: 'Disabled',
				provisioningState: 'Succeeded',
				stage: 'Development',
				intellectualProperty: null,
			};
		},
	},
	models: {
		label: 'Model',
		accept: (p) => {
			if (typeof p.modelUri !== 'string' || !p.modelUri) {
				return 'properties.modelUri is required.';
			}
			const modelType = p.modelType ?? 'custom_model';
			if (!['custom_model', 'mlflow_model', 'triton_model'].includes(modelType as string)) {
				return "properties.modelType must be 'custom_model', 'mlflow_model' or 'triton_model'.";
			}
			return {
				...common(p),
				autoDeleteSetting: null,
				flavors: p.flavors ?? {},
				modelType,
				modelUri: p.modelUri,
				jobName: p.jobName ?? null,
				provisioningState: 'Succeeded',
				stage: 'Development',
				intellectualProperty: null,
			};
		},
	},
	codes: {
		label: 'Code',
		accept: (p) => {
			if (typeof p.codeUri !== 'string' || !p.codeUri) {
				return 'properties.codeUri is required.';
			}
			return { ...common(p), codeUri: p.codeUri, provisioningState: 'Succeeded' };
		},
	},
};

function resourceType(kind: string, version: boolean): string {
	return `Microsoft.MachineLearningServices/workspaces/${kind}${version ? '/versions' : ''}`;
}

function containerFor(workspace: WorkspaceState, kind: AssetKind, name: string): AssetState {
	const assets = workspace.assets[kind];
	let asset = assets.get(name);
	if (!asset) {
		asset = {
			versions: new Map(),
			container: {
				id: `${workspace.armId}/${kind}/${name}`,
				name,
				type: resourceType(kind, false),
				properties: { description: null, tags: {}, properties: {}, isArchived: false, latestVersion: null, nextVersion: '1' },
				systemData: systemData(),
			},
		};
		assets.set(name, asset);
	}
	return asset;
}

/** True when a PUT repeats a version's body with only `isArchived` changed. */
function isArchiveOf(existing: object, request: EmuRequest): boolean {
	const before = rememberedBody(existing);
	const after = parseJsonBody(request) as { properties?: Record<string, unknown> } | undefined;
	if (!before?.properties || !after?.properties || before.properties.isArchived === after.properties.isArchived) {
		return false;
	}
	return JSON.stringify({ ...before, properties: { ...before.properties, isArchived: null } }) === JSON.stringify({ ...after, properties: { ...after.properties, isArchived: null } });
}

/** Creates (or, for an identical body, re-confirms) one asset version. */
export function putVersion(context: EmulatorContext, workspace: WorkspaceState, kind: AssetKind, name: string, version: string, request: EmuRequest): EmuResponse {
	const spec = specs[kind];
	const badName = invalidName(spec.label, name);
	if (badName) {
		return badName;
	}
	const properties = parseJsonBody(request)?.properties;
	if (typeof properties !== 'object' || properties === null) {
		return badRequest('The request body must be a JSON object with "properties".');
	}
	const existing = workspace.assets[kind].get(name)?.versions.get(version);
	if (existing) {
		if (isArchiveOf(existing, request)) {
			// What `az ml <asset> archive` does: the same body with isArchived set; the version stays.
			existing.properties.isArchived = (properties as Record<string, unknown>).isArchived;
			rememberBody(existing, request);
			return json(200, existing);
		}
		return isSameBody(existing, request)
			? json(200, existing)
			: armError(409, 'UserError', `${spec.label} ${name}:${version} already exists and versions cannot be changed. Use a new version.`, [
					{ code: 'Conflict', message: `${spec.label} version ${version} of ${name} already exists.` },
				]);
	}
	const accepted = spec.accept(properties as Record<string, unknown>, workspace);
	if (typeof accepted === 'string') {
		return badRequest(accepted);
	}
	const asset = containerFor(workspace, kind, name);
	const resource: Resource = {
		id: `${workspace.armId}/${kind}/${name}/versions/${version}`,
		name: version,
		type: resourceType(kind, true),
		properties: accepted,
		systemData: systemData(),
	};
	rememberBody(resource, request);
	asset.versions.set(version, resource);
	asset.container.properties.latestVersion = version;
	asset.container.properties.nextVersion = /^\d+$/.test(version) ? String(Number(version) + 1) : null;
	return json(201, resource, { Location: locationOf(context, request) });
}

function listVersions(request: EmuRequest, versions: Resource[], context: EmulatorContext): EmuResponse {
	const view = request.url.searchParams.get('listViewType') ?? 'ActiveOnly';
	const visible = versions
		.filter((v) => view === 'All' || (view === 'ArchivedOnly') === Boolean(v.properties.isArchived))
		.sort((a, b) => b.systemData.createdAt.localeCompare(a.systemData.createdAt));
	const top = Number(request.url.searchParams.get('$top'));
	return json(200, pageOf(request, top > 0 ? visible.slice(0, top) : visible, context.settings.listPageSize, context.origin));
}

export function registerAssetRoutes(router: Router, context: EmulatorContext): void {
	const kinds = '(data|environments|models|codes)';
	const withWorkspace =
		(handle: (workspace: WorkspaceState, kind: AssetKind, request: EmuRequest, rest: readonly string[]) => EmuResponse) =>
		(request: EmuRequest, params: readonly string[]) => {
			const workspace = findWorkspace(context, params);
			if (isResponse(workspace)) {
				return workspace;
			}
			const kind = params[3].toLowerCase() as AssetKind;
			return handle(workspace, kind, request, params.slice(4));
		};

	router.add(
		'GET',
		`${workspacePath}/${kinds}`,
		withWorkspace((workspace, kind, request) =>
			json(200, pageOf(request, [...workspace.assets[kind].values()].map((a) => a.container), context.settings.listPageSize, context.origin)),
		),
	);
	router.add(
		'GET',
		`${workspacePath}/${kinds}/([^/]+)`,
		withWorkspace((workspace, kind, _request, [name]) => {
			const asset = workspace.assets[kind].get(name);
			return asset ? json(200, asset.container) : notFound(specs[kind].label, name);
		}),
	);
	router.add(
		'GET',
		`${workspacePath}/${kinds}/([^/]+)/versions`,
		withWorkspace((workspace, kind, request, [name]) => {
			const hash = request.url.searchParams.get('hash');
			if (kind === 'codes' && hash) {
				// The hash lookup spans every code asset of the workspace, whatever name was asked.
				const matches = [...workspace.assets.codes.values()].flatMap((a) => [...a.versions.values()]).filter((v) => (v.properties.properties as Record<string, unknown>)?.hash_sha256 === hash);
				return json(200, { value: matches });
			}
			const asset = workspace.assets[kind].get(name);
			if (!asset) {
				const label = specs[kind].label;
				return armError(404, 'UserError', 'The specified resource was not found.', [
					{ code: `${label}NotFound`, message: `${label} container with name: ${name} not found.` },
				]);
			}
			return listVersions(request, [...asset.versions.values()], context);
		}),
	);
	router.add(
		'GET',
		`${workspacePath}/${kinds}/([^/]+)/versions/([^/]+)`,
		withWorkspace((workspace, kind, _request, [name, version]) => {
			const resource = workspace.assets[kind].get(name)?.versions.get(version);
			return resource ? json(200, resource) : notFound(specs[kind].label, `${name}:${version}`);
		}),
	);
	router.add(
		'PUT',
		`${workspacePath}/${kinds}/([^/]+)/versions/([^/]+)`,
		withWorkspace((workspace, kind, request, [name, version]) => putVersion(context, workspace, kind, name, version, request)),
	);
	router.add(
		'DELETE',
		`${workspacePath}/${kinds}/([^/]+)/versions/([^/]+)`,
		withWorkspace((workspace, kind, _request, [name, version]) => {
			const asset = workspace.assets[kind].get(name);
			return asset?.versions.delete(version) ? { status: 200 } : { status: 204 };
		}),
	);
	router.add('POST', `${workspacePath}/codes/([^/]+)/versions/([^/]+)/startPendingUpload`, async (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		if (parseJsonBody(request)?.pendingUploadType !== 'TemporaryBlobReference') {
			return badRequest('pendingUploadType must be "TemporaryBlobReference".');
		}
		const suffix = newGuid().replace(/-/g, '').slice(0, 26);
		const container = `${workspace.workspaceId}-${suffix}`;
		await context.blobs.ensureContainer(container);
		const storageAccountArmId = `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${devAccountName}`;
		return json(200, {
			blobReferenceForConsumption: {
				blobUri: `${context.origin}/${devAccountName}/${container}`,
				storageAccountArmId,
				credential: { credentialType: 'SAS', sasUri: context.blobs.containerUrl(container, 8 * 3_600_000) },
			},
			pendingUploadId: newGuid(),
			pendingUploadType: 'None',
		});
	});
}
