// V8 compiles chart.js and the shaping code the first time they run, which made a first chart on a
// fresh page take ~70 ms longer than the next one (bench/chart.ts). The page therefore draws one
// throwaway chart, off screen, as soon as it has started: while the host is still loading the
// metrics, instead of when they arrive.
import { defaultUiState } from '../../src/protocol/metrics';
import { linesFor, SmoothingCache } from './chartData';
import { ChartCard } from './ChartCard';
import { SeriesStore } from './seriesStore';
import type { ChartTheme } from './theme';

/** Enough points for the hot loops (x axis, smoothing, decimation) to get optimized. */
const points = 50_000;

export function warmUp(theme: () => ChartTheme): void {
	const store = new SeriesStore('step');
	store.upsertRun({ id: 'warm-up', label: 'warm-up', live: false, loading: false });
	const buffer = new ArrayBuffer(points * 24);
	const steps = new Float64Array(buffer, 0, points);
	const timestamps = new Float64Array(buffer, points * 8, points);
	const values = new Float64Array(buffer, points * 16, points);
	for (let i = 0; i < points; i++) {
		steps[i] = i;
		timestamps[i] = i * 1000;
		values[i] = Math.sin(i / 100);
	}
	store.applySeries({ type: 'series', run: 'warm-up', key: 'warm-up', op: 'replace', count: points, data: buffer });
	const ui = { ...defaultUiState, smoothing: 0.5 };
	const card = new ChartCard('warm-up', { store, smoothing: new SmoothingCache(), ui: () => ui, theme, exportPng: () => undefined });
	const offscreen = document.createElement('div');
	offscreen.className = 'warm-up';
	offscreen.append(card.element);
	document.body.append(offscreen);
	card.setLines(linesFor(store.seriesOf('warm-up'), ui.smoothing));
	card.destroy();
	offscreen.remove();
}
