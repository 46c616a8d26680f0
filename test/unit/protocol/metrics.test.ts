import * as assert from 'node:assert/strict';
import {
	defaultUiState,
	parseHostMessage,
	parsePersistedState,
	parseWebviewMessage,
	runViewId,
	type RunRef,
} from '../../../src/protocol/metrics';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const ref: RunRef = { kind: 'azure', workspaceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w', runId: 'job_1', label: 'Job 1' };

describe('metrics protocol: webview → host', () => {
	it('accepts each well-formed message', () => {
		for (const message of [
			{ type: 'ready' },
			{ type: 'exportCsv' },
			{ type: 'exportPng', key: 'val/loss', dataUrl: png },
			{ type: 'reportError', message: 'chart failed' },
		]) {
			assert.deepEqual(parseWebviewMessage(message), message);
		}
	});

	it('rejects unknown types, missing and extra fields, wrong field types', () => {
		for (const message of [
			undefined,
			null,
			'ready',
			['ready'],
			{},
			{ type: 'Ready' },
			{ type: 'toString' },
			{ type: '__proto__' },
			{ type: 'ready', extra: 1 },
			{ type: 'exportPng', key: 'loss' },
			{ type: 'exportPng', key: 7, dataUrl: png },
			{ type: 'exportPng', key: '', dataUrl: png },
			{ type: 'exportPng', key: 'x'.repeat(1001), dataUrl: png },
			{ type: 'reportError', message: 42 },
			{ type: 'reportError', message: 'x'.repeat(4001) },
			{ type: 'exportCsv', __proto__: { evil: true } },
		]) {
			assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
		}
	});

	it('accepts only PNG data URLs for the PNG export', () => {
		const bad = [
			'data:image/svg+xml;base64,PHN2Zz4=',
			'data:text/html;base64,PGgxPg==',
			'javascript:alert(1)',
			'data:image/png;base64,not base64!',
			`${png}\n`,
			'data:image/png;base64,' + 'A'.repeat(30_000_001),
		];
		for (const dataUrl of bad) {
			assert.equal(parseWebviewMessage({ type: 'exportPng', key: 'k', dataUrl }), undefined, dataUrl.slice(0, 40));
		}
	});

	it('rejects objects that are not plain (class instances)', () => {
		class Ready {
			readonly type = 'ready';
		}
		assert.equal(parseWebviewMessage(new Ready()), undefined);
	});
});

describe('metrics protocol: host → webview', () => {
	const run = { id: runViewId(ref), label: 'Job 1', ref, status: 'Running', startedAt: 1, live: true, loading: false };

	it('accepts run updates and series whose buffer matches the count', () => {
		assert.ok(parseHostMessage({ type: 'run', run }));
		assert.ok(parseHostMessage({ type: 'run', run: { id: 'r', label: '', live: false, loading: true, error: 'boom' } }));
		assert.ok(parseHostMessage({ type: 'series', run: 'r', key: 'loss', op: 'append', count: 2, data: new ArrayBuffer(48) }));
	});

	it('rejects series whose buffer does not match, is not an ArrayBuffer, or has a bad op', () => {
		for (const message of [
			{ type: 'series', run: 'r', key: 'loss', op: 'append', count: 2, data: new ArrayBuffer(40) },
			{ type: 'series', run: 'r', key: 'loss', op: 'append', count: 2, data: new Float64Array(6) },
			{ type: 'series', run: 'r', key: 'loss', op: 'append', count: 2, data: [1, 2, 3, 4, 5, 6] },
			{ type: 'series', run: 'r', key: 'loss', op: 'merge', count: 0, data: new ArrayBuffer(0) },
			{ type: 'series', run: 'r', key: 'loss', op: 'replace', count: -1, data: new ArrayBuffer(0) },
			{ type: 'run', run: { ...run, status: 'Exploded' } },
			{ type: 'run', run: { ...run, ref: { ...ref, kind: 'cloud' } } },
			{ type: 'run', run: { ...run, live: 'yes' } },
			{ type: 'other' },
		]) {
			assert.equal(parseHostMessage(message), undefined, JSON.stringify(message));
		}
	});
});

describe('metrics protocol: persisted panel state', () => {
	it('reads back a stored state', () => {
		const state = { version: 1, runs: [ref], ui: { xAxis: 'relative', smoothing: 0.6, logScale: true, hiddenKeys: ['lr'], hiddenRuns: [runViewId(ref)] } };
		assert.deepEqual(parsePersistedState(state), state);
	});

	it('drops invalid runs and falls back to defaults for invalid settings', () => {
		const state = parsePersistedState({ version: 1, runs: [ref, { kind: 'azure' }, 'x'], ui: { xAxis: 'epoch', smoothing: 5, logScale: 'no', hiddenKeys: [1, 'ok'] } });
		assert.deepEqual(state, { version: 1, runs: [ref], ui: { ...defaultUiState, hiddenKeys: ['ok'] } });
	});

	it('is not a state of this panel without version 1 and a run list', () => {
		assert.equal(parsePersistedState(undefined), undefined);
		assert.equal(parsePersistedState({ version: 2, runs: [] }), undefined);
		assert.equal(parsePersistedState({ version: 1 }), undefined);
	});

	it('gives each run an id that does not depend on its label and cannot be confused by separators', () => {
		assert.equal(runViewId(ref), runViewId({ ...ref }));
		assert.notEqual(runViewId({ kind: 'local', workspaceId: 'a|b', runId: 'c' }), runViewId({ kind: 'local', workspaceId: 'a', runId: 'b|c' }));
	});
});
