import type { RunArtifact } from '../artifacts/runArtifacts';
import type { AzureHttp } from './AzureHttp';
import { workspaceArmId, type WorkspaceRef } from './workspaceRef';

/** `ArtifactContentInformation` of run history's swagger (run-history.json, `RunArtifacts_ListSasByPrefix`). */
interface ArtifactContentInformation {
	readonly contentUri?: string | null;
	readonly origin?: string | null;
	readonly container?: string | null;
	readonly path?: string | null;
}

interface PaginatedArtifactContentInformationList {
	readonly value?: readonly ArtifactContentInformation[] | null;
	readonly continuationToken?: string | null;
	readonly nextLink?: string | null;
}

/** A run with more pages than this is listed no further (and says so), rather than looping on a service fault. */
const maxPages = 1000;

/**
 * Every artifact of a run whose path starts with `prefix` ('' for all), with a read-only SAS URL
 * each: `GET {api}/history/v1.0/<workspace>/experiments/{experiment}/runs/{run}/artifacts/prefix/contentinfo?path=`,
 * following `continuationToken` page after page, as the Azure ML SDK's artifact client does.
 */
export async function listRunArtifacts(
	http: AzureHttp,
	apiBase: string,
	ref: WorkspaceRef,
	experiment: string,
	runId: string,
	prefix: string,
	signal?: AbortSignal,
): Promise<RunArtifact[]> {
	const base = `${apiBase}/history/v1.0${workspaceArmId(ref)}/experiments/${encodeURIComponent(experiment)}/runs/${encodeURIComponent(runId)}/artifacts/prefix/contentinfo`;
	const artifacts: RunArtifact[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const query = new URLSearchParams({ path: prefix });
		if (token) {
			query.set('continuationToken', token);
		}
		const body = await http.json<PaginatedArtifactContentInformationList>(`${base}?${query.toString()}`, `list the outputs of run "${runId}"`, { signal });
		for (const item of body?.value ?? []) {
			if (item.path) {
				artifacts.push({ path: item.path, contentUri: item.contentUri ?? undefined });
			}
		}
		token = body?.continuationToken ?? undefined;
		if (!token || seen.has(token)) {
			return artifacts;
		}
		seen.add(token);
	}
	throw new Error(`Run "${runId}" has more than ${maxPages} pages of outputs; listed no further.`);
}
