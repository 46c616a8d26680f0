import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parsePersistedState, parseWebviewMessage, type PersistedState } from '../../../src/protocol/metrics';
import { cardFigures, launchChromium, nextFrame, openMetricsPage, postSeries, type MetricsPage, type PageDom, type PageElement } from './metricsPage';

const screenshots = path.join(__dirname, '..', '..', '..', '..', 'test-results', 'screenshots');

/** Pixels of the canvas within a small distance of each color: proof that a line was drawn in it. */
function countColors(page: Page, key: string, colors: [number, number, number][]): Promise<number[]> {
	return page.$eval(
		`.card[data-key="${key}"] canvas`,
		(canvas: PageElement, targets) => {
			const ctx = canvas.getContext('2d')!;
			const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
			return targets.map(([r, g, b]) => {
				let n = 0;
				for (let i = 0; i < data.length; i += 4) {
					if (data[i + 3] > 128 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60) {
						n++;
					}
				}
				return n;
			});
		},
		colors,
	);
}

const blue: [number, number, number] = [0x37, 0x94, 0xff];
const orange: [number, number, number] = [0xd1, 0x86, 0x16];

describe('Metric charts webview (headless Chromium)', function () {
	this.timeout(60_000);
	let browser: Browser;
	let view: MetricsPage;

	before(async () => {
		mkdirSync(screenshots, { recursive: true });
		browser = await launchChromium();
	});
	after(() => browser?.close());
	afterEach(() => view?.close());

	/** Two runs, loss and accuracy each, as in the screenshot. */
	async function twoRuns(page: Page): Promise<void> {
		await postSeries(page, { run: 'a', label: 'lenet-lr0.01', key: 'loss', count: 1000, seed: 1 });
		await postSeries(page, { run: 'b', label: 'lenet-lr0.1', key: 'loss', count: 800, seed: 2 });
		await postSeries(page, { run: 'a', label: 'lenet-lr0.01', key: 'accuracy', count: 1000, seed: 1, rising: true });
		await postSeries(page, { run: 'b', label: 'lenet-lr0.1', key: 'accuracy', count: 800, seed: 2, rising: true });
		await nextFrame(page);
	}

	it('loads under the panel CSP, says ready first, and nothing is blocked', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		assert.deepEqual((await view.posted())[0], { type: 'ready' });
		assert.deepEqual(await view.problems(), []);
	});

	it('draws one chart per metric with one line per run, in the run colors', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		assert.deepEqual(await view.page.$$eval('.card', (cards: PageElement[]) => cards.map((c) => c.dataset.key)), ['accuracy', 'loss']);
		const loss = await cardFigures(view.page, 'loss');
		assert.equal(loss.runs, 2);
		assert.equal(loss.lines, 2);
		assert.equal(loss.points, 1800);
		assert.deepEqual(loss.view, [0, 999]);
		assert.match(loss.label, /^loss: 2 runs, 1800 points, from step 0 to step 999$/);
		const [bluePixels, orangePixels] = await countColors(view.page, 'loss', [blue, orange]);
		assert.ok(bluePixels > 300 && orangePixels > 300, `blue ${bluePixels}, orange ${orangePixels}`);
		// Side by side: both cards on one row.
		const tops = await view.page.$$eval('.card', (cards: PageElement[]) => cards.map((c) => c.getBoundingClientRect().top));
		assert.equal(tops[0], tops[1]);
		assert.deepEqual(await view.page.locator('.run-label').allTextContents(), ['lenet-lr0.01', 'lenet-lr0.1']);
		await view.page.screenshot({ path: path.join(screenshots, 'metrics-webview.png') });
		assert.deepEqual(await view.problems(), []);
	});

	it('appends live points to the end of a series', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		await postSeries(view.page, { run: 'a', key: 'loss', op: 'append', from: 1000, count: 200 });
		await nextFrame(view.page);
		const loss = await cardFigures(view.page, 'loss');
		assert.equal(loss.points, 2000);
		assert.deepEqual(loss.view, [0, 1199], 'the view follows the data while not zoomed');
	});

	it('draws a list logged at step 0 in logging order', async () => {
		view = await openMetricsPage({ browser });
		await postSeries(view.page, { run: 'a', key: 'per_class_accuracy', count: 10, stepsZero: true });
		await nextFrame(view.page);
		const list = await cardFigures(view.page, 'per_class_accuracy');
		assert.deepEqual(list.view, [0, 9], 'x is the logging index, not the step');
		assert.equal(list.points, 10);
	});

	it('applies smoothing, log scale and hiding, and keeps them with setState', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		await view.page.$eval('#smoothing', (slider: PageElement) => {
			slider.value = '0.8';
			slider.dispatchEvent(new (globalThis as unknown as PageDom).Event('input'));
		});
		await nextFrame(view.page);
		assert.equal((await cardFigures(view.page, 'loss')).lines, 4, 'raw (faint) and smoothed line per run');
		await view.page.click('#log-scale');
		await nextFrame(view.page);
		// Hide run b, and the accuracy chart.
		await view.page.locator('.run').nth(1).locator('vscode-checkbox').click();
		await view.page.locator('.keys vscode-checkbox', { hasText: '' }).nth(0).click();
		await nextFrame(view.page);
		const loss = await cardFigures(view.page, 'loss');
		assert.equal(loss.runs, 1);
		assert.equal((await cardFigures(view.page, 'accuracy')).hidden, true);
		const state = parsePersistedState((await view.states()).at(-1));
		assert.deepEqual(state?.ui, { xAxis: 'step', smoothing: 0.8, logScale: true, hiddenKeys: ['accuracy'], hiddenRuns: ['b'] });
		assert.deepEqual(await view.problems(), []);
	});

	it('switches the x axis to relative time', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		await view.page.evaluate(() => {
			const w = globalThis as unknown as PageDom;
			const select = w.document.querySelector('#x-axis')!;
			select.value = 'relative';
			select.dispatchEvent(new w.Event('change'));
		});
		await nextFrame(view.page);
		const loss = await cardFigures(view.page, 'loss');
		assert.deepEqual(loss.view, [0, 999], 'seconds since the run started');
		assert.match(loss.label, /from 0s to 16m 39s/);
		assert.equal(parsePersistedState((await view.states()).at(-1))?.ui.xAxis, 'relative');
	});

	it('zooms by dragging across a chart, and resets', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		const box = (await view.page.locator('.card[data-key="loss"] canvas').boundingBox())!;
		await view.page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
		await view.page.mouse.down();
		await view.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
		await view.page.mouse.up();
		await nextFrame(view.page);
		const zoomed = await cardFigures(view.page, 'loss');
		assert.ok(zoomed.view[0] > 200 && zoomed.view[1] < 800 && zoomed.view[1] > zoomed.view[0], `zoomed view ${zoomed.view.join('..')}`);
		// New points while zoomed keep the user's view.
		await postSeries(view.page, { run: 'a', key: 'loss', op: 'append', from: 1000, count: 100 });
		await nextFrame(view.page);
		assert.deepEqual((await cardFigures(view.page, 'loss')).view, zoomed.view);
		await view.page.getByText('Reset zoom').click();
		await nextFrame(view.page);
		assert.deepEqual((await cardFigures(view.page, 'loss')).view, [0, 1099]);
	});

	it('asks the host to export CSV, and sends a PNG of a chart', async () => {
		view = await openMetricsPage({ browser });
		await twoRuns(view.page);
		await view.page.getByText('Export CSV').click();
		await view.page.locator('.card[data-key="loss"] vscode-button').click();
		const posted = (await view.posted()).slice(1);
		assert.deepEqual(posted[0], { type: 'exportCsv' });
		const png = parseWebviewMessage(posted[1]);
		assert.equal(png?.type, 'exportPng', 'the PNG message passes the host validation');
		assert.equal(png?.type === 'exportPng' && png.key, 'loss');
	});

	it('reports a malformed or inconsistent host message instead of acting on it', async () => {
		view = await openMetricsPage({ browser });
		await view.page.evaluate(() => {
			const w = globalThis as unknown as PageDom;
			const send = (data: unknown) => w.dispatchEvent(new w.MessageEvent('message', { data }));
			send({ type: 'series', run: 'a', key: 'loss', op: 'replace', count: 3, data: new ArrayBuffer(8) });
			send({ type: 'series', run: 'nobody', key: 'loss', op: 'replace', count: 0, data: new ArrayBuffer(0) });
			send('hello');
		});
		await nextFrame(view.page);
		const reports = (await view.posted()).filter((m) => (m as { type: string }).type === 'reportError');
		assert.equal(reports.length, 3);
		assert.equal(await view.page.locator('.card').count(), 0);
	});

	it('restores its UI state from getState', async () => {
		const state: PersistedState = {
			version: 1,
			runs: [{ kind: 'local', workspaceId: '/store', runId: 'a', label: 'A' }],
			ui: { xAxis: 'wall', smoothing: 0.5, logScale: false, hiddenKeys: ['accuracy'], hiddenRuns: [] },
		};
		view = await openMetricsPage({ browser, state });
		await twoRuns(view.page);
		assert.equal(await view.page.locator('#smoothing').inputValue(), '0.5');
		assert.equal((await cardFigures(view.page, 'accuracy')).hidden, true);
		const loss = await cardFigures(view.page, 'loss');
		assert.equal(loss.lines, 4);
		assert.ok(loss.view[0] >= 1_700_000_000_000, 'wall-clock x');
	});

	it('follows light and high contrast themes', async () => {
		for (const theme of ['light', 'high-contrast', 'high-contrast-light'] as const) {
			view = await openMetricsPage({ browser, theme });
			await twoRuns(view.page);
			const background = await view.page.evaluate(() => {
				const w = globalThis as unknown as PageDom;
				return w.getComputedStyle(w.document.body!).backgroundColor;
			});
			assert.equal(background, theme === 'high-contrast' ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)');
			const swatches = await view.page.locator('.swatch').evaluateAll((elements) =>
				elements.map((e) => (globalThis as unknown as PageDom).getComputedStyle(e as unknown as PageElement).backgroundColor),
			);
			// Two runs, two hues: High Contrast Light's chart orange is a blue too, so the second run gets the next color.
			assert.equal(swatches.length, 2);
			assert.notEqual(hue(swatches[0]), hue(swatches[1]), `${theme}: ${swatches.join(' vs ')}`);
			await view.page.screenshot({ path: path.join(screenshots, `metrics-webview-${theme}.png`) });
			assert.deepEqual(await view.problems(), []);
			await view.close();
		}
	});

	it('draws a series of 1,000,000 points', async () => {
		view = await openMetricsPage({ browser });
		await postSeries(view.page, { run: 'a', key: 'loss', count: 1_000_000 });
		await nextFrame(view.page);
		const loss = await cardFigures(view.page, 'loss');
		assert.equal(loss.points, 1_000_000);
		const [bluePixels] = await countColors(view.page, 'loss', [blue]);
		assert.ok(bluePixels > 300, `blue ${bluePixels}`);
	});
});

/** The hue of an rgb() color, in 30° sectors: a light and a dark blue are the same sector. */
function hue(color: string): number {
	const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
	const max = Math.max(r, g, b);
	const delta = max - Math.min(r, g, b);
	const h = delta === 0 ? 0 : max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
	return Math.floor((h * 60) / 30);
}
