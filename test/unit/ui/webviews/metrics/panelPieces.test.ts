import * as assert from 'node:assert/strict';
import type { RunBackend } from '../../../../../src/core/backends/types';
import { registerBackendResolver, resolveBackend } from '../../../../../src/ui/webviews/metrics/backendResolvers';
import { metricsCsp, metricsHtml } from '../../../../../src/ui/webviews/metrics/metricsHtml';
import { InMemoryRunBackend } from '../../../../support/InMemoryRunBackend';

describe('metrics panel HTML', () => {
	const parts = { cspSource: 'https://abc.vscode-cdn.net', scriptUri: 'https://abc.vscode-cdn.net/dist/webview/metrics.js', styleUri: 'https://abc.vscode-cdn.net/dist/webview/metrics.css', nonce: 'n0nce+/=' };

	it('has a strict CSP: nothing by default, scripts by nonce only, styles from the webview source', () => {
		assert.equal(metricsCsp(parts), "default-src 'none'; script-src 'nonce-n0nce+/='; style-src https://abc.vscode-cdn.net;");
		const html = metricsHtml(parts);
		assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the CSP comes before anything it governs');
		assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
	});

	it('loads the script by nonce and has no inline script, style or handler', () => {
		const html = metricsHtml(parts);
		assert.deepEqual(html.match(/<script[^>]*>/g), [`<script nonce="n0nce+/=" src="${parts.scriptUri}">`]);
		assert.doesNotMatch(html, /<style|style=| on[a-z]+=/i);
	});

	it('escapes what it puts in attributes', () => {
		const html = metricsHtml({ ...parts, scriptUri: 'https://x/"><script>alert(1)</script>' });
		assert.doesNotMatch(html, /"><script>alert/);
	});
});

describe('backend resolvers for restored panels', () => {
	it('finds the backend of a stored workspace through the resolver of its kind', async () => {
		const backend = new InMemoryRunBackend('azure', 'ws-1');
		const registration = registerBackendResolver('azure', (id) => (id === 'ws-1' ? backend : undefined));
		try {
			assert.equal(await resolveBackend('azure', 'ws-1'), backend);
			await assert.rejects(resolveBackend('azure', 'ws-2'), /workspace ws-2 is not available/);
		} finally {
			registration.dispose();
		}
		await assert.rejects(resolveBackend('azure', 'ws-1'), /No Azure workspaces are available/);
	});

	it('keeps a newer registration when an older one is disposed', async () => {
		const a: RunBackend = new InMemoryRunBackend('local', 'a');
		const b: RunBackend = new InMemoryRunBackend('local', 'b');
		const first = registerBackendResolver('local', () => a);
		const second = registerBackendResolver('local', () => Promise.resolve(b));
		first.dispose();
		assert.equal(await resolveBackend('local', 'x'), b);
		second.dispose();
	});

	it('gives the earlier registration back when a later one is disposed', async () => {
		const a: RunBackend = new InMemoryRunBackend('local', 'a');
		const b: RunBackend = new InMemoryRunBackend('local', 'b');
		const first = registerBackendResolver('local', () => a);
		const second = registerBackendResolver('local', () => b);
		assert.equal(await resolveBackend('local', 'x'), b);
		second.dispose();
		second.dispose();
		assert.equal(await resolveBackend('local', 'x'), a);
		first.dispose();
		await assert.rejects(resolveBackend('local', 'x'), /No local workspaces are available/);
	});
});
