import type { AzureHttp } from './AzureHttp';
import { workspaceArmId, type WorkspaceRef } from './workspaceRef';

/** The parts of run history's `RunDetails` the extension reads. */
export interface RunHistoryDetails {
	readonly runId: string;
	readonly status?: string;
	readonly startTimeUtc?: string;
	readonly endTimeUtc?: string;
	readonly error?: { readonly error?: { readonly code?: string; readonly message?: string } } | null;
	readonly warnings?: readonly { readonly source?: string; readonly message?: string }[] | null;
	/** Relative log name → read-only SAS URL. */
	readonly logFiles?: Readonly<Record<string, string>> | null;
	readonly properties?: Readonly<Record<string, string>> | null;
	readonly tags?: Readonly<Record<string, string>> | null;
}

/** `GET {api}/history/v1.0/<workspace id>/runs/{runId}/details`: status, warnings, error and log SAS URLs. */
export function getRunDetails(http: AzureHttp, apiBase: string, ref: WorkspaceRef, runId: string, signal?: AbortSignal): Promise<RunHistoryDetails> {
	const url = `${apiBase}/history/v1.0${workspaceArmId(ref)}/runs/${encodeURIComponent(runId)}/details`;
	return http.json<RunHistoryDetails>(url, `read the details of run "${runId}"`, { signal });
}
