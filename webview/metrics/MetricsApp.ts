// The panel's page: toolbar, runs legend, metric toggles and the grid of charts. It applies what
// the host sends (after checking it), keeps the UI state with setState, and redraws once per frame.
import type { XAxisMode } from '../../src/core/metrics/PlotSeries';
import { maxSmoothing, parseHostMessage, type PersistedState, type RunRef, type RunView, type UiState, type WebviewMessage } from '../../src/protocol/metrics';
import { linesFor, SmoothingCache } from './chartData';
import { ChartCard } from './ChartCard';
import { SeriesStore } from './seriesStore';
import { onThemeChange, readTheme, type ChartTheme } from './theme';
import { warmUp } from './warmUp';

/** What the page needs of the VS Code webview API; tests pass a fake. */
export interface HostApi {
	postMessage(message: WebviewMessage): void;
	setState(state: PersistedState): void;
}

export class MetricsApp {
	private ui: UiState;
	private readonly store: SeriesStore;
	private readonly smoothing = new SmoothingCache();
	private readonly cards = new Map<string, ChartCard>();
	private theme: ChartTheme = readTheme();
	private readonly dirtyKeys = new Set<string>();
	/** What to rebuild at the next frame: toggles are rebuilt only when their list changes, so they keep focus. */
	private readonly dirty = { runs: true, keys: true, cards: true };
	private frame = 0;
	private readonly elements: { runs: HTMLElement; keys: HTMLElement; message: HTMLElement; grid: HTMLElement; smoothingValue: HTMLElement };

	constructor(
		root: HTMLElement,
		private readonly host: HostApi,
		private readonly restored: PersistedState | undefined,
		defaults: UiState,
	) {
		this.ui = restored?.ui ?? defaults;
		this.store = new SeriesStore(this.ui.xAxis);
		this.elements = this.build(root);
		onThemeChange(() => {
			this.theme = readTheme();
			this.cards.forEach((card) => card.applyTheme());
			this.dirty.runs = true;
			this.schedule();
		});
		this.schedule();
		// Before the host can answer the ready message; skipped when real data came first.
		setTimeout(() => {
			if (this.cards.size === 0) {
				warmUp(() => this.theme);
			}
		}, 0);
	}

	/** Everything the host posts comes through here. */
	receive(data: unknown): void {
		const message = parseHostMessage(data);
		if (!message) {
			this.reportError(`Dropped a malformed message from the extension (${describe(data)})`);
			return;
		}
		try {
			if (message.type === 'run') {
				this.store.upsertRun(message.run).forEach((key) => this.dirtyKeys.add(key));
				this.dirty.runs = true;
				this.persist();
			} else {
				const known = this.cards.has(message.key);
				this.store.applySeries(message).forEach((key) => this.dirtyKeys.add(key));
				if (!known) {
					this.dirty.keys = this.dirty.cards = true;
				}
			}
		} catch (error) {
			this.reportError(error instanceof Error ? error.message : String(error));
		}
		this.schedule();
	}

	private build(root: HTMLElement) {
		const toolbar = element('div', 'toolbar');
		const xAxis = document.createElement('vscode-single-select');
		xAxis.id = 'x-axis';
		for (const [value, label] of [['step', 'Step'], ['relative', 'Relative time'], ['wall', 'Wall time']]) {
			const option = document.createElement('vscode-option');
			option.setAttribute('value', value);
			option.textContent = label;
			option.selected = value === this.ui.xAxis;
			xAxis.append(option);
		}
		xAxis.addEventListener('change', () => this.update({ xAxis: xAxis.value as XAxisMode }));

		const slider = document.createElement('input');
		slider.type = 'range';
		slider.id = 'smoothing';
		slider.min = '0';
		slider.max = String(maxSmoothing);
		slider.step = '0.01';
		slider.value = String(this.ui.smoothing);
		const smoothingValue = element('span', 'slider-value');
		slider.addEventListener('input', () => this.update({ smoothing: Number(slider.value) }));

		const log = document.createElement('vscode-checkbox');
		log.id = 'log-scale';
		log.label = 'Log scale';
		log.checked = this.ui.logScale;
		log.addEventListener('change', () => this.update({ logScale: log.checked }));

		const reset = button('Reset zoom', () => this.cards.forEach((card) => card.resetZoom()));
		reset.title = 'Show every point again (drag to zoom, Shift+drag to pan, Ctrl+wheel to zoom)';
		const csv = button('Export CSV', () => this.host.postMessage({ type: 'exportCsv' }));
		csv.id = 'export-csv';

		toolbar.append(
			labelled('X axis', xAxis),
			labelled('Smoothing', slider, smoothingValue),
			log,
			reset,
			csv,
			Object.assign(element('span', 'hint'), { textContent: 'Drag to zoom · Shift+drag to pan' }),
		);
		const runs = element('div', 'runs');
		const keys = element('div', 'keys');
		const message = element('div', 'message');
		const grid = element('div', 'grid');
		root.append(toolbar, runs, keys, message, grid);
		return { runs, keys, message, grid, smoothingValue };
	}

	private update(change: Partial<UiState>): void {
		const before = this.ui;
		this.ui = { ...this.ui, ...change };
		if (change.xAxis && change.xAxis !== before.xAxis) {
			this.store.setAxis(change.xAxis);
			this.cards.forEach((card) => card.resetZoom());
		}
		this.store.keys().forEach((key) => this.dirtyKeys.add(key));
		this.dirty.cards ||= change.hiddenKeys !== undefined;
		this.persist();
		this.schedule();
	}

	private schedule(): void {
		this.frame ||= requestAnimationFrame(() => {
			this.frame = 0;
			this.render();
		});
	}

	private render(): void {
		if (this.dirty.runs) {
			this.renderRuns();
		}
		if (this.dirty.keys) {
			this.renderKeys();
		}
		if (this.dirty.cards) {
			this.renderCards();
		}
		this.dirty.runs = this.dirty.keys = this.dirty.cards = false;
		this.elements.smoothingValue.textContent = this.ui.smoothing.toFixed(2);
		const runs = this.store.runList();
		this.elements.message.textContent =
			this.store.keys().length > 0 ? '' : runs.length === 0 || runs.some((r) => r.loading) ? 'Loading metrics…' : 'No metrics have been logged yet.';
		const hiddenRuns = new Set(this.ui.hiddenRuns);
		for (const key of this.dirtyKeys) {
			const card = this.cards.get(key);
			if (card && !this.ui.hiddenKeys.includes(key)) {
				card.setLines(linesFor(this.store.seriesOf(key).filter((s) => !hiddenRuns.has(s.run)), this.ui.smoothing));
			}
		}
		this.dirtyKeys.clear();
	}

	private renderRuns(): void {
		const { runs } = this.elements;
		runs.replaceChildren(
			...this.store.runList().map((run, index) => {
				const row = element('div', 'run');
				const toggle = document.createElement('vscode-checkbox');
				toggle.checked = !this.ui.hiddenRuns.includes(run.id);
				toggle.title = `Show or hide ${run.label}`;
				toggle.addEventListener('change', () => this.update({ hiddenRuns: toggled(this.ui.hiddenRuns, run.id, !toggle.checked) }));
				const swatch = element('span', 'swatch');
				swatch.style.backgroundColor = this.theme.runColors[index % this.theme.runColors.length];
				const label = Object.assign(element('span', 'run-label'), { textContent: run.label, title: run.ref?.runId ?? run.label });
				row.append(toggle, swatch, label, Object.assign(element('span', 'run-status'), { textContent: statusText(run) }));
				if (run.error) {
					row.append(Object.assign(element('div', 'run-error'), { textContent: run.error }));
				}
				if (run.note) {
					row.append(Object.assign(element('div', 'run-note'), { textContent: run.note }));
				}
				return row;
			}),
		);
	}

	private renderKeys(): void {
		const keys = this.store.keys();
		this.elements.keys.replaceChildren(
			...(keys.length > 1 ? [Object.assign(element('span', 'keys-label'), { textContent: 'Metrics' })] : []),
			...(keys.length > 1 ? keys : []).map((key) => {
				const toggle = document.createElement('vscode-checkbox');
				toggle.label = key;
				toggle.checked = !this.ui.hiddenKeys.includes(key);
				toggle.addEventListener('change', () => this.update({ hiddenKeys: toggled(this.ui.hiddenKeys, key, !toggle.checked) }));
				return toggle;
			}),
		);
	}

	private renderCards(): void {
		const keys = this.store.keys();
		for (const key of keys) {
			if (!this.cards.has(key)) {
				this.cards.set(
					key,
					new ChartCard(key, {
						store: this.store,
						smoothing: this.smoothing,
						ui: () => this.ui,
						theme: () => this.theme,
						exportPng: (k, dataUrl) => this.host.postMessage({ type: 'exportPng', key: k, dataUrl }),
					}),
				);
				this.dirtyKeys.add(key);
			}
			const card = this.cards.get(key)!;
			card.element.hidden = this.ui.hiddenKeys.includes(key);
		}
		// Sorted keys, appended in order: existing cards move, their charts stay.
		this.elements.grid.append(...keys.map((key) => this.cards.get(key)!.element));
	}

	/** The runs and the UI state, so a reload reopens the same view. */
	private persist(): void {
		const runs = this.store.runList().map((r) => r.ref).filter((r): r is RunRef => r !== undefined);
		this.host.setState({ version: 1, runs: runs.length > 0 ? runs : (this.restored?.runs ?? []), ui: this.ui });
	}

	private reportError(message: string): void {
		this.host.postMessage({ type: 'reportError', message: message.slice(0, 2000) });
	}
}

function element(tag: string, className: string): HTMLElement {
	const el = document.createElement(tag);
	el.className = className;
	return el;
}

function button(text: string, onClick: () => void): HTMLElement {
	const el = document.createElement('vscode-button');
	el.setAttribute('secondary', '');
	el.textContent = text;
	el.addEventListener('click', onClick);
	return el;
}

function labelled(text: string, ...controls: HTMLElement[]): HTMLElement {
	const label = element('label', 'control');
	label.append(Object.assign(element('span', 'control-label'), { textContent: text }), ...controls);
	return label;
}

function toggled(list: readonly string[], item: string, present: boolean): string[] {
	const rest = list.filter((x) => x !== item);
	return present ? [...rest, item] : rest;
}

function statusText(run: RunView): string {
	if (run.loading) {
		return 'loading…';
	}
	return [run.status, run.live ? 'live' : undefined].filter(Boolean).join(' · ');
}

function describe(data: unknown): string {
	const type = (data as { type?: unknown } | null | undefined)?.type;
	return typeof type === 'string' ? `type ${JSON.stringify(type.slice(0, 40))}` : `a ${data === null ? 'null' : typeof data}`;
}
