// Colors and font from VS Code's theme variables, which VS Code sets on the webview's <html> and
// changes with the theme (light, dark, high contrast): the charts follow them.

export interface ChartTheme {
	readonly foreground: string;
	readonly muted: string;
	readonly grid: string;
	readonly background: string;
	readonly fontFamily: string;
	readonly fontSize: number;
	/** One color per run, in the order runs were added. */
	readonly runColors: readonly string[];
}

/** VS Code's chart colors first (each theme tunes them), then more for panels comparing many runs. */
const runColorVariables = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow'];
const runColorDefaults = ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700'];
const extraRunColors = ['#17becf', '#e377c2', '#8c564b', '#bcbd22', '#7f7f7f', '#1f77b4', '#ff7f0e', '#2ca02c'];

export function readTheme(): ChartTheme {
	const style = getComputedStyle(document.documentElement);
	const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
	return {
		foreground: read('--vscode-foreground', '#cccccc'),
		muted: read('--vscode-descriptionForeground', '#9d9d9d'),
		grid: withAlpha(read('--vscode-foreground', '#cccccc'), 0.12),
		background: read('--vscode-editor-background', '#1e1e1e'),
		fontFamily: read('--vscode-font-family', 'system-ui, sans-serif'),
		fontSize: Number.parseFloat(read('--vscode-font-size', '13')) || 13,
		runColors: distinctHues([...runColorVariables.map((name, i) => read(name, runColorDefaults[i])), ...extraRunColors], rgbOf),
	};
}

/** Calls back when VS Code switches theme (it changes the body's class and the variables). */
export function onThemeChange(callback: () => void): void {
	new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

let normalizer: CanvasRenderingContext2D | null | undefined;

/** Any CSS color with the given opacity: the canvas turns it into #rrggbb or rgba() first. */
export function withAlpha(color: string, alpha: number): string {
	const rgb = rgbOf(color);
	return rgb ? `rgba(${rgb.r}, ${rgb.g}, ${rgb.b}, ${alpha * rgb.a})` : color;
}

interface Rgb {
	readonly r: number;
	readonly g: number;
	readonly b: number;
	readonly a: number;
}

/** A CSS color's channels, as the canvas reads it; undefined when it is not a color. */
function rgbOf(color: string): Rgb | undefined {
	normalizer ??= document.createElement('canvas').getContext('2d');
	if (!normalizer) {
		return undefined;
	}
	normalizer.fillStyle = '#000000';
	normalizer.fillStyle = color;
	const normalized = normalizer.fillStyle;
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normalized);
	if (hex) {
		return { r: parseInt(hex[1], 16), g: parseInt(hex[2], 16), b: parseInt(hex[3], 16), a: 1 };
	}
	const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)$/.exec(normalized.replace(/\s/g, ''));
	return rgba ? { r: Number(rgba[1]), g: Number(rgba[2]), b: Number(rgba[3]), a: rgba[4] === undefined ? 1 : Number(rgba[4]) } : undefined;
}

/** Colors closer in hue than this (degrees) read as the same run at a glance: a light and a dark blue. */
const minHueDistance = 12;

/**
 * The colors in order, leaving out a saturated one whose hue is close to one already kept. Themes
 * may map two chart colors to one hue: in High Contrast Light, charts.orange (the minimap's find
 * match color) is a dark blue beside the blue of charts.blue.
 */
export function distinctHues(colors: readonly string[], rgb: (color: string) => Rgb | undefined): string[] {
	const kept: { color: string; hue: number | undefined }[] = [];
	for (const color of colors) {
		const channels = rgb(color);
		const hue = channels ? hueOf(channels) : undefined;
		if (hue === undefined || kept.every((k) => k.hue === undefined || Math.min(Math.abs(k.hue - hue), 360 - Math.abs(k.hue - hue)) >= minHueDistance)) {
			kept.push({ color, hue });
		}
	}
	return kept.map((k) => k.color);
}

/** Hue in degrees, or undefined for a grey (no hue to tell it by). */
function hueOf({ r, g, b }: Rgb): number | undefined {
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	const delta = max - min;
	if (delta < 40) {
		return undefined;
	}
	const hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
	return (hue * 60 + 360) % 360;
}
