// Opens the metrics webview bundle (dist/webview/metrics.js) in headless Chromium the way VS Code
// would: the panel host's own HTML and CSP, served from a fake webview origin, with a fake
// acquireVsCodeApi that records what the page posts and stores. Used by the webview test and by
// bench/chart.ts.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { metricsHtml } from '../../../src/ui/webviews/metrics/metricsHtml';

const root = path.join(__dirname, '..', '..', '..', '..');
const bundleDir = path.join(root, 'dist', 'webview');
const origin = 'https://webview.test';
/** The Chromium the page opens in (Debian's `chromium`), or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Theme = 'dark' | 'light' | 'high-contrast' | 'high-contrast-light';

/**
 * The browser API as the in-page callbacks below use it. The Node tsconfig has no DOM types (and
 * must not get them), so callbacks cast globalThis and elements to these.
 */
export interface PageDom {
	readonly document: PageDocument;
	readonly MessageEvent: new (type: string, init: { data: unknown }) => unknown;
	readonly Event: new (type: string) => unknown;
	dispatchEvent(event: unknown): boolean;
	requestAnimationFrame(callback: () => void): number;
	getComputedStyle(element: PageElement): { readonly backgroundColor: string };
	acquireVsCodeApi?: () => unknown;
	__posted?: unknown[];
	__states?: unknown[];
	__violations?: string[];
}

interface PageDocument {
	readonly documentElement: PageElement | null;
	readonly body: PageElement | null;
	querySelector(selector: string): PageElement | null;
	addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
}

export interface PageElement {
	readonly dataset: Record<string, string | undefined>;
	readonly hidden: boolean;
	readonly width: number;
	readonly height: number;
	value: string;
	readonly classList: { add(name: string): void };
	readonly style: { setProperty(name: string, value: string): void };
	querySelector(selector: string): PageElement | null;
	getAttribute(name: string): string | null;
	getBoundingClientRect(): { readonly top: number; readonly left: number; readonly width: number; readonly height: number };
	dispatchEvent(event: unknown): boolean;
	getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { readonly data: Uint8ClampedArray } } | null;
}

declare const MutationObserver: new (callback: (records: unknown, observer: { disconnect(): void }) => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };

const font = { '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px' };

/** VS Code's Default Dark Modern, Default Light Modern and Default High Contrast values of the variables the page uses. */
const themes: Record<Theme, Record<string, string>> = {
	dark: {
		...font,
		'--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editor-background': '#1f1f1f', '--vscode-errorForeground': '#f85149',
		'--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700',
		'--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-border': '#ffffff12',
		'--vscode-panel-border': '#2b2b2b', '--vscode-focusBorder': '#0078d4', '--vscode-settings-dropdownBackground': '#313131', '--vscode-settings-dropdownBorder': '#3c3c3c', '--vscode-settings-dropdownForeground': '#cccccc',
		'--vscode-settings-checkboxBackground': '#313131', '--vscode-settings-checkboxBorder': '#3c3c3c', '--vscode-settings-checkboxForeground': '#cccccc',
	},
	light: {
		...font,
		'--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-editor-background': '#ffffff', '--vscode-errorForeground': '#f85149',
		'--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#bf8803',
		'--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-border': '#0000001a',
		'--vscode-panel-border': '#e5e5e5', '--vscode-focusBorder': '#005fb8', '--vscode-settings-dropdownBackground': '#ffffff', '--vscode-settings-dropdownBorder': '#cecece', '--vscode-settings-dropdownForeground': '#3b3b3b',
		'--vscode-settings-checkboxBackground': '#f8f8f8', '--vscode-settings-checkboxBorder': '#cecece', '--vscode-settings-checkboxForeground': '#3b3b3b',
	},
	'high-contrast': {
		...font,
		'--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffffb3', '--vscode-editor-background': '#000000', '--vscode-errorForeground': '#f48771', '--vscode-contrastBorder': '#6fc3df',
		'--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#ffff00',
		'--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff', '--vscode-button-border': '#6fc3df',
		'--vscode-panel-border': '#6fc3df', '--vscode-focusBorder': '#f38518', '--vscode-settings-dropdownBackground': '#000000', '--vscode-settings-dropdownBorder': '#6fc3df', '--vscode-settings-dropdownForeground': '#ffffff',
		'--vscode-settings-checkboxBackground': '#000000', '--vscode-settings-checkboxBorder': '#6fc3df', '--vscode-settings-checkboxForeground': '#ffffff',
	},
	// charts.orange is the minimap's find-match color, which High Contrast Light makes a dark blue.
	'high-contrast-light': {
		...font,
		'--vscode-foreground': '#292929', '--vscode-descriptionForeground': '#292929e6', '--vscode-editor-background': '#ffffff', '--vscode-errorForeground': '#b5200d', '--vscode-contrastBorder': '#0f4a85',
		'--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#0f4a85', '--vscode-charts-green': '#374e06', '--vscode-charts-red': '#b5200d', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#895503',
		'--vscode-button-background': '#0f4a85', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#ffffff', '--vscode-button-secondaryForeground': '#292929', '--vscode-button-border': '#0f4a85',
		'--vscode-panel-border': '#0f4a85', '--vscode-focusBorder': '#006bbd', '--vscode-settings-dropdownBackground': '#ffffff', '--vscode-settings-dropdownBorder': '#0f4a85', '--vscode-settings-dropdownForeground': '#292929',
		'--vscode-settings-checkboxBackground': '#ffffff', '--vscode-settings-checkboxBorder': '#0f4a85', '--vscode-settings-checkboxForeground': '#292929',
	},
};
const bodyClass: Record<Theme, string> = { dark: 'vscode-dark', light: 'vscode-light', 'high-contrast': 'vscode-high-contrast', 'high-contrast-light': 'vscode-high-contrast-light' };

export interface MetricsPage {
	readonly browser: Browser;
	readonly page: Page;
	/** What the page posted to the host, in order. */
	posted(): Promise<unknown[]>;
	/** Every state the page stored with setState, in order. */
	states(): Promise<unknown[]>;
	/** CSP violations and uncaught errors: a working page has none. */
	problems(): Promise<string[]>;
	close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
	const { chromium } = await import('playwright-core');
	return chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
	});
}

export async function openMetricsPage(options: { browser?: Browser; theme?: Theme; state?: unknown; viewport?: { width: number; height: number } } = {}): Promise<MetricsPage> {
	if (!existsSync(path.join(bundleDir, 'metrics.js'))) {
		throw new Error('dist/webview/metrics.js is missing: run `node esbuild.mjs` first');
	}
	const browser = options.browser ?? (await launchChromium());
	const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 900 }, deviceScaleFactor: 1 });
	const pageErrors: string[] = [];
	page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
	const html = metricsHtml({ cspSource: origin, scriptUri: `${origin}/metrics.js`, styleUri: `${origin}/metrics.css`, nonce: 'bm9uY2UtZm9yLXRlc3Rz' });
	await page.route(`${origin}/**`, (route) => {
		const name = new URL(route.request().url()).pathname.slice(1);
		if (name === 'index.html') {
			return route.fulfill({ contentType: 'text/html', body: html });
		}
		const file = path.join(bundleDir, name);
		return /^metrics\.(js|css)$/.test(name) && existsSync(file)
			? route.fulfill({ contentType: name.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(file) })
			: route.fulfill({ status: 404 });
	});
	await page.addInitScript(
		({ state, variables, className }) => {
			const w = globalThis as unknown as PageDom;
			const posted: unknown[] = [];
			const states: unknown[] = [];
			const violations: string[] = [];
			let current = state;
			Object.assign(w, { __posted: posted, __states: states, __violations: violations });
			w.acquireVsCodeApi = () => ({
				postMessage: (message: unknown) => posted.push(message),
				getState: () => current,
				setState: (next: unknown) => {
					current = next;
					states.push(next);
					return next;
				},
			});
			const document = w.document;
			document.addEventListener('securitypolicyviolation', (e) => violations.push(`CSP blocked ${e.violatedDirective}: ${e.blockedURI}`));
			// As VS Code does: theme variables on <html>, the theme's class on <body>, both before the page's script runs.
			new MutationObserver((_, observer) => {
				const { documentElement, body } = document;
				if (documentElement && body) {
					observer.disconnect();
					for (const [name, value] of Object.entries(variables)) {
						documentElement.style.setProperty(name, value);
					}
					body.classList.add(className);
				}
			}).observe(document, { childList: true, subtree: true });
		},
		{ state: options.state, variables: themes[options.theme ?? 'dark'], className: bodyClass[options.theme ?? 'dark'] },
	);
	await page.goto(`${origin}/index.html`);
	await page.waitForFunction(() => ((globalThis as unknown as PageDom).__posted ?? []).some((m) => (m as { type?: unknown }).type === 'ready'));
	return {
		browser,
		page,
		posted: () => page.evaluate(() => (globalThis as unknown as PageDom).__posted ?? []),
		states: () => page.evaluate(() => (globalThis as unknown as PageDom).__states ?? []),
		problems: async () => [...(await page.evaluate(() => (globalThis as unknown as PageDom).__violations ?? [])), ...pageErrors],
		close: () => (options.browser ? page.close() : browser.close()),
	};
}

/** Runs in the page: posts a run and a series of `count` points (a noisy falling or rising curve), built there as Float64Arrays. */
export function postSeries(
	page: Page,
	series: { run: string; label?: string; key: string; count: number; from?: number; op?: 'replace' | 'append'; seed?: number; rising?: boolean; stepsZero?: boolean; status?: string; live?: boolean },
): Promise<void> {
	return page.evaluate((s) => {
		const w = globalThis as unknown as PageDom;
		const from = s.from ?? 0;
		const n = s.count;
		const buffer = new ArrayBuffer(n * 24);
		const steps = new Float64Array(buffer, 0, n);
		const times = new Float64Array(buffer, n * 8, n);
		const values = new Float64Array(buffer, n * 16, n);
		const t0 = 1_700_000_000_000;
		const seed = s.seed ?? 1;
		for (let k = 0; k < n; k++) {
			const i = from + k;
			steps[k] = s.stepsZero ? 0 : i;
			times[k] = t0 + i * 1000;
			const noise = Math.sin(i * 12.9898 * seed) * 43758.5453;
			const decay = Math.exp((-i * 8) / Math.max(1000, from + n) / (0.5 + seed / 4));
			const jitter = noise - Math.floor(noise) - 0.5;
			values[k] = s.rising ? 0.97 - 0.87 * decay + 0.03 * jitter : 2.3 * decay + 0.05 + 0.12 * jitter;
		}
		if (s.op !== 'append') {
			w.dispatchEvent(
				new w.MessageEvent('message', { data: { type: 'run', run: { id: s.run, label: s.label ?? s.run, status: s.status ?? 'Running', startedAt: t0, live: s.live ?? true, loading: false } } }),
			);
		}
		w.dispatchEvent(new w.MessageEvent('message', { data: { type: 'series', run: s.run, key: s.key, op: s.op ?? 'replace', count: n, data: buffer } }));
	}, series);
}

/** Waits until the page has drawn (two animation frames). */
export function nextFrame(page: Page): Promise<void> {
	return page.evaluate(() => {
		const w = globalThis as unknown as PageDom;
		return new Promise<void>((resolve) => w.requestAnimationFrame(() => w.requestAnimationFrame(() => resolve())));
	});
}

/** The figures a chart card reports: runs, lines, points and its x view. */
export async function cardFigures(page: Page, key: string): Promise<{ runs: number; lines: number; points: number; view: [number, number]; hidden: boolean; label: string }> {
	return page.$eval(`.card[data-key="${key}"]`, (card: PageElement) => {
		const d = card.dataset;
		const [min, max] = (d.view ?? '').split(',').map(Number);
		return { runs: Number(d.runs), lines: Number(d.lines), points: Number(d.points), view: [min, max] as [number, number], hidden: card.hidden, label: card.querySelector('canvas')?.getAttribute('aria-label') ?? '' };
	});
}
