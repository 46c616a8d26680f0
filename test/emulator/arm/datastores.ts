import type { EmulatorContext } from '../context';
import { badRequest, json, notFound, pageOf, parseJsonBody, systemData, type Router } from '../http';
import type { Resource } from '../state';
import { findWorkspace, invalidName, isResponse, locationOf, workspacePath } from './common';

export function registerDatastoreRoutes(router: Router, context: EmulatorContext): void {
	router.add('GET', `${workspacePath}/datastores`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const isDefault = request.url.searchParams.get('isDefault');
		const count = Number(request.url.searchParams.get('count')) || context.settings.listPageSize;
		const all = [...workspace.datastores.values()]
			.map((d) => d.resource)
			.filter((r) => isDefault === null || String(r.properties.isDefault) === isDefault.toLowerCase());
		return json(200, pageOf(request, all, count, context.origin));
	});

	router.add('GET', `${workspacePath}/datastores/([^/]+)`, (_request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const datastore = workspace.datastores.get(params[3]);
		return datastore ? json(200, datastore.resource) : notFound('Datastore', params[3]);
	});

	router.add('PUT', `${workspacePath}/datastores/([^/]+)`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const name = params[3];
		const badName = invalidName('Datastore', name);
		if (badName) {
			return badName;
		}
		const properties = (parseJsonBody(request)?.properties ?? {}) as Record<string, unknown>;
		const credentials = (properties.credentials ?? {}) as { credentialsType?: string; secrets?: { secretsType?: string; key?: string; sasToken?: string } };
		if (properties.datastoreType !== 'AzureBlob' || typeof properties.accountName !== 'string' || typeof properties.containerName !== 'string') {
			return badRequest('Only AzureBlob datastores are emulated; give accountName and containerName.');
		}
		const secrets = credentials.secrets;
		if (!(secrets?.secretsType === 'AccountKey' && secrets.key) && !(secrets?.secretsType === 'Sas' && secrets.sasToken)) {
			return badRequest('credentials.secrets must hold an AccountKey key or a Sas sasToken.');
		}
		const existed = workspace.datastores.has(name);
		const resource: Resource = {
			id: `${workspace.armId}/datastores/${name}`,
			name,
			type: 'Microsoft.MachineLearningServices/workspaces/datastores',
			properties: {
				description: properties.description ?? null,
				tags: properties.tags ?? {},
				properties: properties.properties ?? null,
				isDefault: false,
				// Secrets are never echoed back.
				credentials: { credentialsType: credentials.credentialsType },
				subscriptionId: null,
				resourceGroup: null,
				datastoreType: 'AzureBlob',
				accountName: properties.accountName,
				containerName: properties.containerName,
				endpoint: properties.endpoint ?? 'core.windows.net',
				protocol: properties.protocol ?? 'https',
				serviceDataAccessAuthIdentity: 'None',
			},
			systemData: systemData(),
		};
		workspace.datastores.set(name, {
			resource,
			secrets: secrets.secretsType === 'AccountKey' ? { secretsType: 'AccountKey', key: secrets.key! } : { secretsType: 'Sas', sasToken: secrets.sasToken! },
		});
		return json(existed ? 200 : 201, resource, { Location: locationOf(context, request) });
	});

	router.add('POST', `${workspacePath}/datastores/([^/]+)/listSecrets`, (request, params) => {
		const workspace = findWorkspace(context, params);
		if (isResponse(workspace)) {
			return workspace;
		}
		const datastore = workspace.datastores.get(params[3]);
		if (!datastore) {
			return notFound('Datastore', params[3]);
		}
		// Newer api-versions may ask for an expiring secret: the service then answers with a SAS even for key-based stores.
		const asked = parseJsonBody(request) as { expirableSecret?: unknown; expireAfterHours?: unknown } | undefined;
		if (asked?.expirableSecret === true) {
			const hours = typeof asked.expireAfterHours === 'number' && asked.expireAfterHours > 0 ? asked.expireAfterHours : 1;
			return json(200, { secretsType: 'Sas', sasToken: context.blobs.accountSasToken(hours * 3_600_000) });
		}
		return json(200, datastore.secrets);
	});
}
