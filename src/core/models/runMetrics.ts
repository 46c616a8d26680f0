import type { RunBackend } from '../backends/types';
import { orderHistory } from '../metrics/ordering';

/**
 * The last logged value of each of the run's metrics, as the strings model properties (Azure) and
 * version tags (MLflow) hold: what the tutorial attaches to the model it registers.
 */
export async function latestMetricValues(backend: RunBackend, runId: string, signal?: AbortSignal): Promise<Record<string, string>> {
	const values: Record<string, string> = {};
	for (const key of await backend.listMetricKeys(runId, signal)) {
		const history = orderHistory(await backend.getMetricHistory(runId, key, signal));
		const last = history[history.length - 1];
		if (last !== undefined && Number.isFinite(last.value)) {
			values[key] = String(last.value);
		}
	}
	return values;
}
