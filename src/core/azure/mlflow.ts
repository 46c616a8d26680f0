import { isLoopbackHost } from './clouds';
import { AzureConfigError } from './errors';
import type { AzureHttp } from './AzureHttp';

export interface MlflowMetric {
	readonly key: string;
	readonly value: number;
	/** Epoch milliseconds. */
	readonly timestamp: number;
	readonly step: number;
}

export interface MlflowRun {
	readonly info: {
		readonly run_id: string;
		readonly experiment_id?: string;
		readonly run_name?: string;
		readonly status?: string;
		readonly start_time?: number;
		readonly end_time?: number;
		readonly artifact_uri?: string;
		readonly lifecycle_stage?: string;
	};
	readonly data?: {
		/** Only the latest value of each key. */
		readonly metrics?: readonly MlflowMetric[];
		readonly params?: readonly { key: string; value: string }[];
		readonly tags?: readonly { key: string; value: string }[];
	};
}

export interface MlflowSearchOptions {
	readonly experimentIds: readonly string[];
	readonly filter?: string;
	readonly maxResults?: number;
	readonly orderBy?: readonly string[];
	readonly pageToken?: string;
}

/**
 * The MLflow REST base from a workspace's `mlFlowTrackingUri`
 * (`azureml://<region>.api.azureml.ms/mlflow/v1.0/subscriptions/…`), as the azureml-mlflow plugin
 * builds it: https, or http for a loopback emulator.
 */
export function mlflowBase(trackingUri: string): string {
	const match = /^azureml:\/\/([^/?#]+)(\/[^?#]*)?/i.exec(trackingUri.trim());
	if (!match) {
		throw new AzureConfigError(`The MLflow tracking URI "${trackingUri}" is not an azureml:// URI.`);
	}
	const host = match[1];
	const scheme = isLoopbackHost(host.replace(/:\d+$/, '')) ? 'http' : 'https';
	return `${scheme}://${host}${(match[2] ?? '').replace(/\/+$/, '')}`;
}

export async function getMlflowRun(http: AzureHttp, base: string, runId: string, signal?: AbortSignal): Promise<MlflowRun> {
	const url = `${base}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`;
	const answer = await http.json<{ run: MlflowRun }>(url, `read MLflow run "${runId}"`, { signal });
	return answer.run;
}

export interface MetricHistoryPage {
	readonly metrics: readonly MlflowMetric[];
	readonly nextPageToken?: string;
}

export async function getMetricHistoryPage(
	http: AzureHttp,
	base: string,
	runId: string,
	key: string,
	pageToken?: string,
	signal?: AbortSignal,
): Promise<MetricHistoryPage> {
	const query = new URLSearchParams({ run_id: runId, metric_key: key, max_results: '25000' });
	if (pageToken) {
		query.set('page_token', pageToken);
	}
	const url = `${base}/api/2.0/mlflow/metrics/get-history?${query.toString()}`;
	const answer = await http.json<{ metrics?: MlflowMetric[]; next_page_token?: string } | undefined>(
		url,
		`read the history of metric "${key}" of run "${runId}"`,
		{ signal },
	);
	return { metrics: answer?.metrics ?? [], nextPageToken: answer?.next_page_token || undefined };
}

/** Every point of one metric, following `next_page_token` (the page size asked for is not always honoured). */
export async function getMetricHistory(http: AzureHttp, base: string, runId: string, key: string, signal?: AbortSignal): Promise<MlflowMetric[]> {
	const all: MlflowMetric[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	do {
		const page = await getMetricHistoryPage(http, base, runId, key, token, signal);
		for (const metric of page.metrics) {
			all.push(metric);
		}
		token = page.nextPageToken;
		if (token !== undefined && seen.has(token)) {
			break;
		}
		if (token !== undefined) {
			seen.add(token);
		}
	} while (token);
	return all;
}

export async function searchMlflowRuns(
	http: AzureHttp,
	base: string,
	options: MlflowSearchOptions,
	signal?: AbortSignal,
): Promise<{ runs: MlflowRun[]; nextPageToken?: string }> {
	const body = {
		experiment_ids: options.experimentIds,
		filter: options.filter ?? '',
		max_results: options.maxResults ?? 100,
		order_by: options.orderBy ?? [],
		...(options.pageToken ? { page_token: options.pageToken } : {}),
	};
	const answer = await http.json<{ runs?: MlflowRun[]; next_page_token?: string } | undefined>(`${base}/api/2.0/mlflow/runs/search`, 'search MLflow runs', {
		method: 'POST',
		body,
		signal,
	});
	return { runs: answer?.runs ?? [], nextPageToken: answer?.next_page_token || undefined };
}
