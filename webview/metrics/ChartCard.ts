// One chart per metric key: a card with the key, a PNG button and a chart.js line chart with one
// line per run. Every chart.js update goes through `prepare`, which decimates the part in view,
// so a zoom, a resize or new points all redraw at most a few points per pixel.
import { Chart, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type ChartDataset, type TooltipItem } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { formatDuration, formatValue, formatWallTime } from '../../src/core/metrics/format';
import type { UiState } from '../../src/protocol/metrics';
import { decimateLine, paddedRange, pointRadii, singleValue, xExtent, type ChartPoint, type Line, type Range, type SmoothingCache } from './chartData';
import type { SeriesStore } from './seriesStore';
import { withAlpha, type ChartTheme } from './theme';

const tickFont = (theme: ChartTheme) => ({ family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) });
const dragColors = (theme: ChartTheme) => ({ backgroundColor: withAlpha(theme.foreground, 0.1), borderColor: withAlpha(theme.foreground, 0.4) });

// Only what the charts use, so the bundle carries no other controllers, scales or plugins.
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, zoomPlugin);

export interface CardContext {
	readonly store: SeriesStore;
	readonly smoothing: SmoothingCache;
	ui(): UiState;
	theme(): ChartTheme;
	exportPng(key: string, dataUrl: string): void;
}

type LineDataset = ChartDataset<'line', ChartPoint[]>;

/** The parts of a linear or logarithmic scale's options this card changes. */
interface ScaleOptions {
	type: 'linear' | 'logarithmic';
	min?: number;
	max?: number;
	grid: { color?: string };
	border: { color?: string };
	ticks: { color?: string; font?: { family: string; size: number } };
}

export class ChartCard {
	readonly element: HTMLElement;
	private readonly canvas: HTMLCanvasElement;
	/** The header's value of a metric logged once; empty otherwise. */
	private readonly value: HTMLElement;
	private chart: Chart<'line', ChartPoint[]> | undefined;
	private lines: Line[] = [];
	/** The x range the user zoomed or panned to; undefined shows everything. */
	private zoomed: Range | undefined;
	/** The x range this card last gave chart.js: a different one at update time was set by the zoom plugin. */
	private applied: Range | undefined;

	constructor(
		readonly key: string,
		private readonly context: CardContext,
	) {
		this.element = document.createElement('section');
		this.element.className = 'card';
		this.element.dataset.key = key;
		const header = document.createElement('header');
		const title = document.createElement('span');
		title.className = 'title';
		title.textContent = key;
		title.title = key;
		const png = document.createElement('vscode-button');
		png.setAttribute('secondary', '');
		png.textContent = 'PNG';
		png.title = `Save the ${key} chart as a PNG image`;
		png.addEventListener('click', () => context.exportPng(key, this.toPng()));
		this.value = document.createElement('span');
		this.value.className = 'value';
		header.append(title, this.value, png);
		const plot = document.createElement('div');
		plot.className = 'plot';
		this.canvas = document.createElement('canvas');
		this.canvas.setAttribute('role', 'img');
		plot.append(this.canvas);
		this.element.append(header, plot);
	}

	/** The lines to draw (runs shown, smoothing on or off); redraws. */
	setLines(lines: Line[]): void {
		this.lines = lines;
		const datasets = this.datasetsFor(lines);
		if (this.chart) {
			this.chart.data.datasets = datasets;
			this.redraw();
		} else {
			// Created once the card is in the page, so chart.js sizes it right and draws it once.
			this.chart = this.createChart(datasets);
		}
	}

	redraw(): void {
		this.chart?.update('none');
	}

	resetZoom(): void {
		this.zoomed = undefined;
		this.redraw();
	}

	applyTheme(): void {
		if (!this.chart) {
			return;
		}
		const theme = this.context.theme();
		for (const id of ['x', 'y']) {
			const scale = ChartCard.scaleOptions(this.chart, id);
			scale.grid.color = theme.grid;
			scale.border.color = theme.grid;
			scale.ticks.color = theme.muted;
			scale.ticks.font = tickFont(theme);
		}
		const drag = this.chart.options.plugins?.zoom?.zoom?.drag;
		if (drag) {
			Object.assign(drag, dragColors(theme));
		}
		this.setLines(this.lines);
	}

	/** The chart on the panel's background with its key and a legend, as a PNG data URL. */
	toPng(): string {
		const theme = this.context.theme();
		const source = this.canvas;
		const scale = source.width / Math.max(1, source.clientWidth);
		const fontSize = theme.fontSize * scale;
		const titleHeight = Math.round(fontSize * 2.2);
		const out = document.createElement('canvas');
		out.width = source.width;
		out.height = source.height + titleHeight;
		const ctx = out.getContext('2d');
		if (!ctx) {
			throw new Error('No 2D canvas context for the PNG export');
		}
		ctx.fillStyle = theme.background;
		ctx.fillRect(0, 0, out.width, out.height);
		ctx.font = `${fontSize}px ${theme.fontFamily}`;
		ctx.textBaseline = 'middle';
		let x = 8 * scale;
		const y = titleHeight / 2;
		ctx.fillStyle = theme.foreground;
		ctx.fillText(this.key, x, y);
		x += ctx.measureText(this.key).width + 16 * scale;
		for (const [index, dataset] of (this.chart?.data.datasets ?? []).entries()) {
			if (this.lines[index]?.faint) {
				continue;
			}
			ctx.fillStyle = dataset.backgroundColor as string;
			ctx.fillRect(x, y - 2 * scale, 12 * scale, 4 * scale);
			x += 16 * scale;
			ctx.fillStyle = theme.foreground;
			ctx.fillText(dataset.label ?? '', x, y);
			x += ctx.measureText(dataset.label ?? '').width + 12 * scale;
		}
		ctx.drawImage(source, 0, titleHeight);
		return out.toDataURL('image/png');
	}

	destroy(): void {
		this.chart?.destroy();
		this.element.remove();
	}

	private datasetsFor(lines: readonly Line[]): LineDataset[] {
		const { runColors } = this.context.theme();
		const store = this.context.store;
		return lines.map((line): LineDataset => {
			const color = runColors[store.runIndex(line.series.run) % runColors.length];
			return {
				label: store.run(line.series.run)?.label ?? line.series.run,
				data: [],
				borderColor: line.faint ? withAlpha(color, 0.25) : color,
				backgroundColor: color,
				borderWidth: line.smoothed ? 2 : 1.5,
				order: line.faint ? 1 : 0,
			};
		});
	}

	private createChart(datasets: LineDataset[]): Chart<'line', ChartPoint[]> {
		const theme = this.context.theme();
		const axis = { grid: { color: theme.grid }, border: { color: theme.grid } };
		// Fixed min and max (set per update) spare chart.js a pass over the data; they are not ticks themselves.
		const ticks = { color: theme.muted, font: tickFont(theme), maxRotation: 0, sampleSize: 8, includeBounds: false };
		return new Chart<'line', ChartPoint[]>(this.canvas, {
			type: 'line',
			data: { datasets },
			plugins: [{ id: 'azuremlView', beforeUpdate: (chart) => this.prepare(chart) }],
			options: {
				animation: false,
				parsing: false,
				normalized: true,
				responsive: true,
				maintainAspectRatio: false,
				interaction: { mode: 'nearest', axis: 'x', intersect: false },
				elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 1.5, tension: 0 } },
				datasets: { line: { spanGaps: true } },
				scales: {
					x: { type: 'linear', ...axis, ticks: { ...ticks, callback: (value) => this.xLabel(Number(value)) } },
					y: { type: 'linear', ...axis, ticks: { ...ticks, callback: (value) => this.yLabel(Number(value)) } },
				},
				plugins: {
					tooltip: { callbacks: { title: (items) => this.tooltipTitle(items), label: (item) => this.tooltipLabel(item) } },
					zoom: {
						zoom: { mode: 'x', wheel: { enabled: true, modifierKey: 'ctrl' }, drag: { enabled: true, borderWidth: 1, ...dragColors(theme) }, pinch: { enabled: true } },
						pan: { enabled: true, mode: 'x', modifierKey: 'shift' },
					},
				},
			},
		});
	}

	/** Runs before every chart.js update: decides the view, decimates each line for it, fits y. */
	private prepare(chart: Chart): void {
		const { logScale, smoothing } = this.context.ui();
		const xOptions = ChartCard.scaleOptions(chart, 'x');
		if (this.applied && (xOptions.min !== this.applied.min || xOptions.max !== this.applied.max) && xOptions.min !== undefined && xOptions.max !== undefined) {
			this.zoomed = { min: xOptions.min, max: xOptions.max };
		}
		const full = xExtent(this.lines.map((l) => l.series));
		const view = this.zoomed ?? full ?? { min: 0, max: 1 };
		xOptions.min = view.min;
		xOptions.max = view.max;
		this.applied = view;

		const pixels = Math.max(16, Math.round(chart.width));
		let yMin = Infinity;
		let yMax = -Infinity;
		let points = 0;
		this.lines.forEach((line, index) => {
			const { plot } = line.series;
			const y = line.smoothed && full ? this.context.smoothing.values(line.series, smoothing, full.max - full.min) : plot.y;
			const decimated = decimateLine(plot.x, y, view, pixels, logScale);
			const dataset = chart.data.datasets[index] as LineDataset;
			dataset.data = decimated.points;
			// A point no line reaches (logged once, or alone between gaps) is drawn as a dot, with its tooltip.
			dataset.pointRadius = pointRadii(decimated.points, y);
			if (decimated.yMin <= decimated.yMax) {
				yMin = Math.min(yMin, decimated.yMin);
				yMax = Math.max(yMax, decimated.yMax);
			}
			points += line.smoothed ? 0 : plot.length;
		});
		const yRange = paddedRange(yMin, yMax, logScale) ?? (logScale ? { min: 0.1, max: 10 } : { min: 0, max: 1 });
		const yOptions = ChartCard.scaleOptions(chart, 'y');
		yOptions.type = logScale ? 'logarithmic' : 'linear';
		yOptions.min = yRange.min;
		yOptions.max = yRange.max;
		const single = singleValue(this.lines);
		this.value.textContent = single === undefined ? '' : formatValue(single);
		// The canvas's text alternative; tests read the same figures from the card's data attributes.
		const runs = this.lines.filter((l) => !l.smoothed).length;
		this.canvas.setAttribute('aria-label', `${this.key}: ${runs} ${runs === 1 ? 'run' : 'runs'}, ${points} points, from ${this.describeX(view.min)} to ${this.describeX(view.max)}`);
		Object.assign(this.element.dataset, { runs, lines: this.lines.length, points, view: `${view.min},${view.max}` });
	}

	/** A scale's options as configured in createChart (chart.js merges them into its config, so they are looked up, not kept). */
	private static scaleOptions(chart: Chart, id: string): ScaleOptions {
		return chart.options.scales?.[id] as unknown as ScaleOptions;
	}

	/**
	 * Tick labels without chart.js's Intl.NumberFormat, whose first use costs a first paint ~15 ms.
	 * On a log scale only 1, 2 and 5 × 10ⁿ are labelled, as chart.js does.
	 */
	private yLabel(value: number): string {
		if (this.context.ui().logScale) {
			const mantissa = Math.round(value / 10 ** Math.floor(Math.log10(value)));
			return mantissa === 1 || mantissa === 2 || mantissa === 5 ? formatValue(value) : '';
		}
		return formatValue(value);
	}

	private xLabel(value: number): string {
		const { xAxis } = this.context.ui();
		if (xAxis === 'relative') {
			return formatDuration(value);
		}
		if (xAxis === 'wall') {
			return formatWallTime(value, (this.applied?.max ?? 0) - (this.applied?.min ?? 0));
		}
		return Number.isInteger(value) ? String(value) : '';
	}

	private describeX(value: number): string {
		const { xAxis } = this.context.ui();
		return xAxis === 'step' ? `step ${formatValue(value)}` : this.xLabel(value);
	}

	private tooltipTitle(items: TooltipItem<'line'>[]): string {
		const item = items[0];
		const line = item ? this.lines[item.datasetIndex] : undefined;
		if (!line) {
			return '';
		}
		const { plot } = line.series;
		const { i } = item.raw as ChartPoint;
		const source = plot.sourceIndex(i);
		const step = plot.columns.steps[source];
		const time = new Date(plot.columns.timestamps[source]).toLocaleString();
		const origin = this.context.store.originOf(line.series.run);
		const position = plot.loggedAsList ? `#${source}` : `step ${step}`;
		return `${position} · ${time} · ${formatDuration((plot.columns.timestamps[source] - origin) / 1000)}`;
	}

	private tooltipLabel(item: TooltipItem<'line'>): string {
		const line = this.lines[item.datasetIndex];
		const suffix = line?.faint ? ' (raw)' : line?.smoothed ? ' (smoothed)' : '';
		return `${item.dataset.label ?? ''}${suffix}: ${formatValue((item.raw as ChartPoint).y)}`;
	}
}
