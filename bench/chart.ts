// Metric charts in headless Chromium, on the release bundle of the webview and the panel's own
// page and CSP (test/unit/webview/metricsPage.ts):
//   paint_100k_ms, paint_1m_ms  a series message of 100,000 / 1,000,000 points arrives → the frame
//                               that shows the chart is done (unpacking, x axis, decimation, drawing);
//   redraw_ms                   the slower of hovering (tooltip) and Ctrl+wheel zooming over the 1M
//                               chart: the input event → the frame that shows it is done;
//   longest_task_ms             the longest task (Long Tasks API, which reports tasks ≥ 50 ms; 0 when
//                               none was that long) during the 1M paint and the interactions;
//   baseline_1m_ms              chart.js as it comes (chart.js/auto: parsing on, no decimation,
//                               default animation and points) on the same 1M points, same machine
//                               and run: the points arrive → its first frame is done.
// Medians over BENCH_RUNS runs (default 5; the baseline is slow, so it runs 3 times at most).
// Targets: 100k ≤ 100 ms, 1M ≤ 300 ms, redraw ≤ 50 ms.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium, nextFrame, openMetricsPage, type PageDom } from '../test/unit/webview/metricsPage';
import { median, round } from './stats';
import { missingSystemPackages } from './systemPackages';

const root = path.join(__dirname, '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const viewport = { width: 1280, height: 900 };

/** The in-page globals the timing code uses, beyond PageDom. */
interface BenchDom extends PageDom {
	PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => { observe(options: { type: string; buffered?: boolean }): void };
	MouseEvent: new (type: string, init: Record<string, unknown>) => unknown;
	WheelEvent: new (type: string, init: Record<string, unknown>) => unknown;
	__longTasks?: number[];
	__pending?: unknown;
	Chart?: new (canvas: unknown, config: unknown) => unknown;
}

export async function run(): Promise<Record<string, unknown>> {
	const skipped = missingSystemPackages([{ name: 'chromium', file: chromiumPath }], existsSync);
	if (skipped) {
		return { skipped };
	}
	// Measure what users get: the minified release bundle.
	execSync('node esbuild.mjs --production', { cwd: root, stdio: 'inherit' });
	const browser = await launchChromium();
	try {
		const paint100k: number[] = [];
		const paint1m: number[] = [];
		const hover: number[] = [];
		const zoom: number[] = [];
		const longest: number[] = [];
		let canvasSize = { width: 0, height: 0 };
		for (let i = 0; i < runs; i++) {
			paint100k.push(await paintOnce(browser, 100_000));
			const result = await paintAndInteract(browser);
			paint1m.push(result.paint);
			hover.push(median(result.hover));
			zoom.push(median(result.zoom));
			longest.push(result.longestTask);
			canvasSize = result.canvas;
			console.error(`run ${i + 1}: 100k ${paint100k.at(-1)?.toFixed(1)} ms, 1M ${result.paint.toFixed(1)} ms, hover ${hover.at(-1)?.toFixed(1)} ms, zoom ${zoom.at(-1)?.toFixed(1)} ms, longest task ${result.longestTask.toFixed(0)} ms`);
		}
		const baseline: number[] = [];
		const chartJs = await chartJsAuto();
		for (let i = 0; i < Math.min(runs, 3); i++) {
			baseline.push(await baselineOnce(browser, chartJs, canvasSize));
			console.error(`baseline run ${i + 1}: ${baseline.at(-1)?.toFixed(0)} ms`);
		}
		const paint = median(paint1m);
		return {
			paint_100k_ms: round(median(paint100k)),
			paint_1m_ms: round(paint),
			redraw_ms: round(Math.max(median(hover), median(zoom))),
			redraw_hover_ms: round(median(hover)),
			redraw_zoom_ms: round(median(zoom)),
			longest_task_ms: round(median(longest)),
			baseline_1m_ms: round(median(baseline)),
			baseline_ratio_1m: round(median(baseline) / paint),
			canvas_px: `${canvasSize.width}x${canvasSize.height}`,
			runs,
			baseline_runs: baseline.length,
		};
	} finally {
		await browser.close();
	}
}

/** Builds `count` points in the page first, then times their message → the chart's frame. */
async function timePaint(page: Page, count: number): Promise<number> {
	await page.evaluate((n) => {
		const w = globalThis as unknown as BenchDom;
		w.dispatchEvent(new w.MessageEvent('message', { data: { type: 'run', run: { id: 'a', label: 'bench', status: 'Running', startedAt: 1_700_000_000_000, live: true, loading: false } } }));
		const buffer = new ArrayBuffer(n * 24);
		const steps = new Float64Array(buffer, 0, n);
		const times = new Float64Array(buffer, n * 8, n);
		const values = new Float64Array(buffer, n * 16, n);
		for (let i = 0; i < n; i++) {
			steps[i] = i;
			times[i] = 1_700_000_000_000 + i * 100;
			values[i] = 2 * Math.exp(-i / (n / 5)) + 0.2 * Math.sin(i / 7) * Math.random();
		}
		w.__pending = { type: 'series', run: 'a', key: 'loss', op: 'replace', count: n, data: buffer };
	}, count);
	await nextFrame(page);
	return page.evaluate(() => {
		const w = globalThis as unknown as BenchDom;
		const start = performance.now();
		w.dispatchEvent(new w.MessageEvent('message', { data: w.__pending }));
		// The page draws in its next animation frame; the timeout runs once that frame is done.
		return new Promise<number>((resolve) => w.requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0)));
	});
}

async function paintOnce(browser: Browser, count: number): Promise<number> {
	const view = await openMetricsPage({ browser, viewport });
	try {
		return await timePaint(view.page, count);
	} finally {
		await view.close();
	}
}

async function paintAndInteract(browser: Browser): Promise<{ paint: number; hover: number[]; zoom: number[]; longestTask: number; canvas: { width: number; height: number } }> {
	const view = await openMetricsPage({ browser, viewport });
	const { page } = view;
	try {
		await page.evaluate(() => {
			const w = globalThis as unknown as BenchDom;
			const tasks: number[] = [];
			w.__longTasks = tasks;
			new w.PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
		});
		const paint = await timePaint(page, 1_000_000);
		const timings = await page.evaluate(async () => {
			const w = globalThis as unknown as BenchDom;
			const canvas = w.document.querySelector('.card canvas')!;
			const box = canvas.getBoundingClientRect();
			const frame = () => new Promise<void>((resolve) => w.requestAnimationFrame(() => setTimeout(resolve, 0)));
			const time = async (event: unknown) => {
				const start = performance.now();
				canvas.dispatchEvent(event);
				await frame();
				return performance.now() - start;
			};
			const hover: number[] = [];
			const zoom: number[] = [];
			for (let k = 0; k < 20; k++) {
				const clientX = box.left + box.width * (0.1 + 0.8 * (k / 19));
				hover.push(await time(new w.MouseEvent('mousemove', { clientX, clientY: box.top + box.height / 2, bubbles: true })));
			}
			for (let k = 0; k < 10; k++) {
				// Zoom in five steps around the middle, then back out.
				const deltaY = k < 5 ? -200 : 200;
				zoom.push(await time(new w.WheelEvent('wheel', { deltaY, ctrlKey: true, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true })));
			}
			return { hover, zoom, canvas: { width: Math.round(box.width), height: Math.round(box.height) } };
		});
		await nextFrame(page);
		const longTasks = await page.evaluate(() => (globalThis as unknown as BenchDom).__longTasks ?? []);
		const problems = await view.problems();
		if (problems.length > 0) {
			throw new Error(`The page reported problems: ${problems.join('; ')}`);
		}
		return { paint, ...timings, longestTask: Math.max(0, ...longTasks) };
	} finally {
		await view.close();
	}
}

/** chart.js/auto as one script: every component, every default. */
async function chartJsAuto(): Promise<string> {
	const result = await build({
		stdin: { contents: "import Chart from 'chart.js/auto'; globalThis.Chart = Chart;", resolveDir: root, loader: 'js' },
		bundle: true,
		write: false,
		minify: true,
		format: 'iife',
		logLevel: 'warning',
	});
	return result.outputFiles[0].text;
}

async function baselineOnce(browser: Browser, chartJs: string, size: { width: number; height: number }): Promise<number> {
	const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
	try {
		await page.setContent(`<div id="box" style="position:relative;width:${size.width}px;height:${size.height}px"><canvas></canvas></div>`);
		await page.addScriptTag({ content: chartJs });
		return await page.evaluate(() => {
			const w = globalThis as unknown as BenchDom;
			const n = 1_000_000;
			const x = new Float64Array(n);
			const y = new Float64Array(n);
			for (let i = 0; i < n; i++) {
				x[i] = i;
				y[i] = 2 * Math.exp(-i / (n / 5)) + 0.2 * Math.sin(i / 7) * Math.random();
			}
			const start = performance.now();
			const data = new Array<{ x: number; y: number }>(n);
			for (let i = 0; i < n; i++) {
				data[i] = { x: x[i], y: y[i] };
			}
			new w.Chart!(w.document.querySelector('canvas'), {
				type: 'line',
				data: { datasets: [{ label: 'loss', data, borderColor: '#3794ff' }] },
				options: { maintainAspectRatio: false, scales: { x: { type: 'linear' } } },
			});
			return new Promise<number>((resolve) => w.requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0)));
		});
	} finally {
		await page.close();
	}
}
