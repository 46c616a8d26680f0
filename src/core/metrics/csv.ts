import type { SeriesColumns } from './SeriesColumns';

export interface CsvSeries {
	/** The run as the user knows it (display name). */
	readonly run: string;
	readonly runId: string;
	readonly key: string;
	readonly columns: SeriesColumns;
}

const header = ['run', 'run_id', 'metric', 'step', 'timestamp_ms', 'time_utc', 'value'];

/**
 * Every point of every series as CSV (RFC 4180: CRLF rows, fields with a comma, quote or line
 * break quoted, quotes doubled), one row per point in long format so runs with different keys
 * and lengths fit one table. Run names and metric keys come from the user's scripts: one that
 * starts like a formula is prefixed with ' so a spreadsheet shows it instead of evaluating it.
 */
export function metricsCsv(series: Iterable<CsvSeries>): string {
	const rows: string[] = [header.join(',')];
	for (const { run, runId, key, columns } of series) {
		const prefix = `${textField(run)},${textField(runId)},${textField(key)},`;
		const { steps, timestamps, values } = columns;
		for (let i = 0; i < columns.length; i++) {
			rows.push(`${prefix}${steps[i]},${timestamps[i]},${isoTime(timestamps[i])},${values[i]}`);
		}
	}
	rows.push('');
	return rows.join('\r\n');
}

function textField(text: string): string {
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function isoTime(ms: number): string {
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
