// Messages between the metric charts panel host (src/ui/webviews/metrics/) and its webview
// (webview/metrics/). Types and plain validators only: both sides import this file, the webview
// through its bundle. Everything that crosses is checked on arrival; the host acts on nothing else.
import { isJobStatus, type JobStatus } from '../core/backends/types';
import { bytesPerPoint } from '../core/metrics/binary';
import type { XAxisMode } from '../core/metrics/PlotSeries';

export const metricsViewType = 'azuremlExplorer.metrics';

/** What finds a run again after a window reload: the backend kind, its workspace and the run id. */
export interface RunRef {
	readonly kind: 'local' | 'azure';
	/** The backend's `workspaceId` (ARM workspace resource id; the local store's folder). */
	readonly workspaceId: string;
	readonly runId: string;
	readonly label: string;
}

/** One run of the panel as the webview shows it. */
export interface RunView {
	/** Stable across reloads for a run with a ref, so hidden runs stay hidden. */
	readonly id: string;
	readonly label: string;
	/** Absent when the run cannot be reopened after a reload (its backend has no workspaceId). */
	readonly ref?: RunRef;
	readonly status?: JobStatus;
	/** Epoch ms; relative time counts from here. */
	readonly startedAt?: number;
	/** Still refreshed every few seconds. */
	readonly live: boolean;
	readonly loading: boolean;
	/** Shown in the panel: the run failed to load, a metric could not be read, or a refresh failed. */
	readonly error?: string;
	/** Shown in the panel under the run: what its TensorBoard event files hold that is not charted. */
	readonly note?: string;
}

/**
 * Points of one metric of one run: `count` points packed column after column as float64
 * (steps, then timestamps, then values; see core/metrics/binary.ts). `replace` starts the series
 * over, `append` adds to the end of what was sent before.
 */
export interface SeriesMessage {
	readonly type: 'series';
	readonly run: string;
	readonly key: string;
	readonly op: 'replace' | 'append';
	readonly count: number;
	readonly data: ArrayBuffer;
}

export type HostMessage = { readonly type: 'run'; readonly run: RunView } | SeriesMessage;

export type WebviewMessage =
	/** The webview's script runs and listens: the host may post. Sent on every load of the document. */
	| { readonly type: 'ready' }
	| { readonly type: 'exportCsv' }
	| { readonly type: 'exportPng'; readonly key: string; readonly dataUrl: string }
	/** Something went wrong in the webview; the host logs it. */
	| { readonly type: 'reportError'; readonly message: string };

export interface UiState {
	readonly xAxis: XAxisMode;
	/** 0 (none) to 0.99. */
	readonly smoothing: number;
	readonly logScale: boolean;
	readonly hiddenKeys: readonly string[];
	readonly hiddenRuns: readonly string[];
}

/** What the webview keeps with setState; VS Code hands it to the panel serializer after a reload. */
export interface PersistedState {
	readonly version: 1;
	readonly runs: readonly RunRef[];
	readonly ui: UiState;
}

export const defaultUiState: UiState = { xAxis: 'step', smoothing: 0, logScale: false, hiddenKeys: [], hiddenRuns: [] };

export const maxSmoothing = 0.99;
/** Metric keys are at most 250 characters in MLflow; run labels and ids at most 256 in Azure ML. */
const maxNameLength = 1_000;
const maxErrorLength = 4_000;
/** A PNG of a chart is well under this; a larger data URL is not one the webview made. */
export const maxPngDataUrlLength = 30_000_000;
const pngDataUrl = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

type Fields = Record<string, unknown>;

/** A plain JSON-like object with exactly these keys (optional ones may be absent). */
function record(value: unknown, required: readonly string[], optional: readonly string[] = []): Fields | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return undefined;
	}
	const proto = Object.getPrototypeOf(value) as unknown;
	if (proto !== Object.prototype && proto !== null) {
		return undefined;
	}
	const keys = Object.keys(value);
	if (!required.every((k) => Object.hasOwn(value, k)) || !keys.every((k) => required.includes(k) || optional.includes(k))) {
		return undefined;
	}
	return value as Fields;
}

function isName(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= maxNameLength;
}

const webviewValidators: { readonly [T in WebviewMessage['type']]: (m: unknown) => boolean } = {
	ready: (m) => record(m, ['type']) !== undefined,
	exportCsv: (m) => record(m, ['type']) !== undefined,
	exportPng: (m) => {
		const f = record(m, ['type', 'key', 'dataUrl']);
		return !!f && isName(f.key) && typeof f.dataUrl === 'string' && f.dataUrl.length <= maxPngDataUrlLength && pngDataUrl.test(f.dataUrl);
	},
	reportError: (m) => {
		const f = record(m, ['type', 'message']);
		return !!f && typeof f.message === 'string' && f.message.length <= maxErrorLength;
	},
};

/** The one gate for everything the webview posts: a well-formed message, or undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
	const type = (value as { type?: unknown } | null | undefined)?.type;
	if (typeof type !== 'string' || !Object.hasOwn(webviewValidators, type)) {
		return undefined;
	}
	return webviewValidators[type as WebviewMessage['type']](value) ? (value as WebviewMessage) : undefined;
}

function isRunView(value: unknown): value is RunView {
	const f = record(value, ['id', 'label', 'live', 'loading'], ['ref', 'status', 'startedAt', 'error', 'note']);
	return (
		!!f &&
		isName(f.id) &&
		typeof f.label === 'string' &&
		typeof f.live === 'boolean' &&
		typeof f.loading === 'boolean' &&
		(f.ref === undefined || parseRunRef(f.ref) !== undefined) &&
		(f.status === undefined || isJobStatus(f.status)) &&
		(f.startedAt === undefined || Number.isFinite(f.startedAt)) &&
		(f.error === undefined || typeof f.error === 'string') &&
		(f.note === undefined || typeof f.note === 'string')
	);
}

/** The webview's check of what the host posts: a bug on either side shows up as a dropped message, not a broken chart. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
	const type = (value as { type?: unknown } | null | undefined)?.type;
	if (type === 'run') {
		const f = record(value, ['type', 'run']);
		return f && isRunView(f.run) ? (value as HostMessage) : undefined;
	}
	if (type === 'series') {
		const f = record(value, ['type', 'run', 'key', 'op', 'count', 'data']);
		const valid =
			!!f &&
			isName(f.run) &&
			isName(f.key) &&
			(f.op === 'replace' || f.op === 'append') &&
			Number.isSafeInteger(f.count) &&
			(f.count as number) >= 0 &&
			f.data instanceof ArrayBuffer &&
			f.data.byteLength === (f.count as number) * bytesPerPoint;
		return valid ? (value as HostMessage) : undefined;
	}
	return undefined;
}

export function parseRunRef(value: unknown): RunRef | undefined {
	const f = record(value, ['kind', 'workspaceId', 'runId', 'label']);
	return f && (f.kind === 'local' || f.kind === 'azure') && isName(f.workspaceId) && isName(f.runId) && typeof f.label === 'string'
		? (f as unknown as RunRef)
		: undefined;
}

/**
 * The panel's persisted state, as far as it is valid: a stored state comes back from disk after
 * a reload and may be from another version. Bad runs are left out, bad settings fall back to the
 * defaults; undefined when it is not a state of this panel at all.
 */
export function parsePersistedState(value: unknown): PersistedState | undefined {
	const state = value as Partial<Record<keyof PersistedState, unknown>> | null | undefined;
	if (typeof state !== 'object' || state === null || state.version !== 1 || !Array.isArray(state.runs)) {
		return undefined;
	}
	const runs = state.runs.map(parseRunRef).filter((r): r is RunRef => r !== undefined);
	return { version: 1, runs, ui: parseUiState(state.ui) };
}

export function parseUiState(value: unknown): UiState {
	const ui = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof UiState, unknown>>;
	const names = (list: unknown) => (Array.isArray(list) ? list.filter(isName) : []);
	return {
		xAxis: ui.xAxis === 'step' || ui.xAxis === 'relative' || ui.xAxis === 'wall' ? ui.xAxis : defaultUiState.xAxis,
		smoothing: typeof ui.smoothing === 'number' && ui.smoothing >= 0 && ui.smoothing <= maxSmoothing ? ui.smoothing : defaultUiState.smoothing,
		logScale: typeof ui.logScale === 'boolean' ? ui.logScale : defaultUiState.logScale,
		hiddenKeys: names(ui.hiddenKeys),
		hiddenRuns: names(ui.hiddenRuns),
	};
}

/** The id a run has in the panel: derived from its ref so it survives a reload. */
export function runViewId(ref: Pick<RunRef, 'kind' | 'workspaceId' | 'runId'>): string {
	return JSON.stringify([ref.kind, ref.workspaceId, ref.runId]);
}
