// Which of a job's log files to stream. The patterns mirror azure-ai-ml's JobLogPattern (what
// `az ml job stream` picks), with one difference: the legacy driver log wins over the common
// runtime's user log when a job writes both, as the driver log is the one users look for.

/** Legacy runtime driver log of rank 0: `70_driver_log.txt`, or `70_driver_log_0.txt` for MPI jobs. */
const DRIVER_RANK0 = /^azureml-logs\/70_driver_log(?:_0+)?\.txt$/;
/** Common runtime user log of rank 0 (az ml's COMMON_RUNTIME_STREAM_LOG_PATTERN, anchored at both ends). */
const USER_LOG_RANK0 = /^user_logs\/std_log[\D]*[0]*(?:_ps)?\.txt$/;
/** What az ml streams for pipeline and sweep jobs. */
const ORCHESTRATION_LOGS = new Set(['logs/azureml/executionlogs.txt', 'azureml-logs/hyperdrive.txt']);
/** az ml's fallback for command jobs: every numbered legacy log (image build, job prep, driver, post). */
const NUMBERED_LEGACY = /^azureml-logs\/\d{2}.+\.txt$/;

const USER_LOG = /^(?:user_logs\/|azureml-logs\/70_driver_log)/;
const SYSTEM_LOG = /^(?:system_logs|azureml-logs|logs)\//;
const RANK = /(?:std_log_process_|70_driver_log_)(\d+)\.txt$/;
const NODE_ROLE = /std_log_node_(\d+)_([A-Za-z]+)\.txt$/;

/**
 * The files streamed when the user has not chosen: the rank-0 driver or user log, else a pipeline's
 * or sweep's execution log. None may exist yet while a job starts; once the job ended without any
 * of them, the numbered legacy logs, so a job that failed before its script ran still shows why.
 */
export function defaultLogFiles(names: readonly string[], ended: boolean): string[] {
	// Plain code-unit order, as az ml's sorted(): `70_driver_log.txt` before `70_driver_log_0.txt`.
	const sorted = [...names].sort();
	const primary =
		sorted.find((n) => DRIVER_RANK0.test(n)) ?? sorted.find((n) => USER_LOG_RANK0.test(n)) ?? sorted.find((n) => ORCHESTRATION_LOGS.has(n));
	if (primary) {
		return [primary];
	}
	return ended ? sorted.filter((n) => NUMBERED_LEGACY.test(n)) : [];
}

/** A short name for a file's lines when several stream at once: `rank 1`, `node 0 ps`, else the file name. */
export function logFileLabel(name: string): string {
	const rank = RANK.exec(name);
	if (rank) {
		return `rank ${Number(rank[1])}`;
	}
	const node = NODE_ROLE.exec(name);
	if (node) {
		return `node ${Number(node[1])} ${node[2]}`;
	}
	return name.slice(name.lastIndexOf('/') + 1);
}

const GROUP_TITLES = ['User logs', 'System logs', 'Other files'] as const;

export interface LogFileGroup {
	readonly title: (typeof GROUP_TITLES)[number];
	readonly files: readonly { readonly name: string; readonly label: string }[];
}

/** Every file of a job for a picker: the user's logs (one per node and rank, in rank order) first, then system logs. */
export function groupLogFiles(names: readonly string[]): LogFileGroup[] {
	const titleOf = (name: string) => (USER_LOG.test(name) ? 'User logs' : SYSTEM_LOG.test(name) ? 'System logs' : 'Other files');
	const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
	return GROUP_TITLES.map((title) => ({
		title,
		files: sorted.filter((name) => titleOf(name) === title).map((name) => ({ name, label: logFileLabel(name) })),
	})).filter((group) => group.files.length > 0);
}
