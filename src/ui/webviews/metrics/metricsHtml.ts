// The panel's HTML: no inline script or style, a strict CSP, the bundle loaded by nonce. Pure, so
// the headless-browser test serves exactly this page.

export interface MetricsHtmlParts {
	/** The webview's cspSource: where its local resources are served from. */
	readonly cspSource: string;
	readonly scriptUri: string;
	readonly styleUri: string;
	/** Fresh per page load, from a crypto source. */
	readonly nonce: string;
}

/**
 * default-src 'none' blocks everything not listed. Scripts run only with the nonce (no inline
 * handlers, no eval); styles come only from the bundle's CSS file; vscode-elements style their
 * shadow roots through constructable stylesheets (adoptedStyleSheets), which CSP does not govern,
 * and chart.js sizes its canvas through the CSSOM, which it does not either. No fonts or images
 * are loaded: the PNG export draws on a canvas.
 */
export function metricsCsp(parts: Pick<MetricsHtmlParts, 'cspSource' | 'nonce'>): string {
	return `default-src 'none'; script-src 'nonce-${parts.nonce}'; style-src ${parts.cspSource};`;
}

export function metricsHtml(parts: MetricsHtmlParts): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(metricsCsp(parts))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(parts.styleUri)}">
<title>Metrics</title>
</head>
<body>
<script nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
	return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
