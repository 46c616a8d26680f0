// Bundles the extension (Node, CommonJS) and each webview (browser) separately.
// Usage: node esbuild.mjs [--production] [--watch] [--metafile]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile');

/** Prints the lines VS Code's esbuild problem matcher looks for. */
const watchReporter = {
	name: 'watch-reporter',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			console.log('[watch] build finished');
		});
	},
};

const common = {
	bundle: true,
	minify: production,
	sourcemap: production ? false : 'linked',
	logLevel: 'warning',
	metafile,
	plugins: watch ? [watchReporter] : [],
};

/**
 * Keeps `import('…/azureEntry')` from the extension bundle out of it: the import becomes a
 * runtime require of the sibling dist/azure.js, loaded the first time Azure is used.
 */
const lazyAzureChunk = {
	name: 'lazy-azure-chunk',
	setup(build) {
		const isEntry = Object.keys(build.initialOptions.entryPoints)[0] === 'azure';
		if (isEntry) {
			return;
		}
		build.onResolve({ filter: /\/azureEntry(\.js)?$/ }, () => ({ path: './azure.js', external: true }));
	},
};

/** The Node side: activation must stay cheap, so heavy Azure SDK code lives in its own lazily required bundle. */
const nodeBuilds = [
	{ entryPoints: { extension: 'src/extension.ts' } },
	...(existsSync('src/azureEntry.ts') ? [{ entryPoints: { azure: 'src/azureEntry.ts' } }] : []),
].map((entry) => ({
	...common,
	...entry,
	outdir: 'dist',
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	mainFields: ['module', 'main'],
	// ESM builds of some Azure SDK packages (storage-common) read import.meta.url, which a CJS bundle lacks.
	define: { 'import.meta.url': 'importMetaUrl' },
	banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
	external: ['vscode'],
	plugins: [...common.plugins, lazyAzureChunk],
}));

/** Each folder under webview/ with a main.ts is one panel's browser bundle. */
const webviewBuilds = readdirSync('webview', { withFileTypes: true })
	.filter((d) => d.isDirectory() && existsSync(`webview/${d.name}/main.ts`))
	.map((d) => ({
		...common,
		entryPoints: { [d.name]: `webview/${d.name}/main.ts` },
		outdir: 'dist/webview',
		platform: 'browser',
		format: 'iife',
		target: 'chrome120',
		tsconfig: 'webview/tsconfig.json',
	}));

const builds = [...nodeBuilds, ...webviewBuilds];
if (watch) {
	for (const options of builds) {
		const ctx = await esbuild.context(options);
		await ctx.watch();
	}
} else {
	const results = await Promise.all(builds.map((options) => esbuild.build(options)));
	if (metafile) {
		writeFileSync('dist/meta.json', JSON.stringify(results.map((r) => r.metafile)));
	}
}
