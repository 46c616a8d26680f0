import * as assert from 'node:assert/strict';
import { metricsCsv } from '../../../../src/core/metrics/csv';
import { SeriesColumns } from '../../../../src/core/metrics/SeriesColumns';

/** A small RFC 4180 reader, to check that what is written reads back as the same fields. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
			} else {
				field += c;
			}
		} else if (c === '"') {
			quoted = true;
		} else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else {
			field += c;
		}
	}
	return rows;
}

const t = Date.UTC(2024, 0, 2, 3, 4, 5, 6);

describe('metrics CSV export', () => {
	it('writes one row per point for every run and key, with a header', () => {
		const csv = metricsCsv([
			{ run: 'run A', runId: 'a1', key: 'loss', columns: SeriesColumns.fromPoints([{ step: 0, timestamp: t, value: 0.5 }, { step: 1, timestamp: t + 1000, value: 0.25 }]) },
			{ run: 'run B', runId: 'b1', key: 'accuracy', columns: SeriesColumns.fromPoints([{ step: 3, timestamp: t, value: 0.9 }]) },
		]);
		assert.deepEqual(parseCsv(csv), [
			['run', 'run_id', 'metric', 'step', 'timestamp_ms', 'time_utc', 'value'],
			['run A', 'a1', 'loss', '0', String(t), '2024-01-02T03:04:05.006Z', '0.5'],
			['run A', 'a1', 'loss', '1', String(t + 1000), '2024-01-02T03:04:06.006Z', '0.25'],
			['run B', 'b1', 'accuracy', '3', String(t), '2024-01-02T03:04:05.006Z', '0.9'],
		]);
		assert.ok(csv.endsWith('\r\n'));
	});

	it('quotes commas, quotes and line breaks in names so they read back unchanged', () => {
		const name = 'lr=0.1, "warm"\nrestart';
		const csv = metricsCsv([{ run: name, runId: 'x', key: 'val/loss,top-1', columns: SeriesColumns.fromPoints([{ step: 0, timestamp: t, value: 1 }]) }]);
		const [, row] = parseCsv(csv);
		assert.equal(row[0], name);
		assert.equal(row[2], 'val/loss,top-1');
	});

	it('defuses names a spreadsheet would run as formulas, but not negative numbers', () => {
		const csv = metricsCsv([{ run: '=HYPERLINK("http://x")', runId: '+1', key: '@sum', columns: SeriesColumns.fromPoints([{ step: 0, timestamp: t, value: -3 }]) }]);
		const [, row] = parseCsv(csv);
		assert.equal(row[0], `'=HYPERLINK("http://x")`);
		assert.equal(row[1], `'+1`);
		assert.equal(row[2], `'@sum`);
		assert.equal(row[6], '-3');
	});

	it('writes NaN and infinite values as such, and no time for an invalid timestamp', () => {
		const csv = metricsCsv([{ run: 'r', runId: 'r', key: 'k', columns: SeriesColumns.fromPoints([{ step: 0, timestamp: 8.64e15 + 1, value: NaN }, { step: 1, timestamp: t, value: -Infinity }]) }]);
		const rows = parseCsv(csv);
		assert.equal(rows[1][5], '');
		assert.equal(rows[1][6], 'NaN');
		assert.equal(rows[2][6], '-Infinity');
	});

	it('writes just the header when there is nothing', () => {
		assert.equal(metricsCsv([]), 'run,run_id,metric,step,timestamp_ms,time_utc,value\r\n');
	});
});
