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
		runColors: [...runColorVariables.map((name, i) => read(name, runColorDefaults[i])), ...extraRunColors],
	};
}

/** Calls back when VS Code switches theme (it changes the body's class and the variables). */
export function onThemeChange(callback: () => void): void {
	new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

let normalizer: CanvasRenderingContext2D | null | undefined;

/** Any CSS color with the given opacity: the canvas turns it into #rrggbb or rgba() first. */
export function withAlpha(color: string, alpha: number): string {
	normalizer ??= document.createElement('canvas').getContext('2d');
	if (!normalizer) {
		return color;
	}
	normalizer.fillStyle = '#000000';
	normalizer.fillStyle = color;
	const normalized = normalizer.fillStyle;
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normalized);
	if (hex) {
		return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
	}
	const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)$/.exec(normalized.replace(/\s/g, ''));
	return rgba ? `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, ${alpha * (rgba[4] === undefined ? 1 : Number(rgba[4]))})` : color;
}
