// The Azure SDKs live in their own bundle (dist/azure.js): loaded the first time Azure is used,
// never during activation. UI code takes its Azure values from here and only types from src/core.
export type AzureModule = typeof import('../../azureEntry');

let loading: Promise<AzureModule> | undefined;

/** The Azure bundle, required once (a failed load is retried next time). */
export function azureModule(): Promise<AzureModule> {
	// The .js suffix is what node16 resolution asks for; esbuild.mjs keeps this import out of the extension bundle.
	loading ??= import('../../azureEntry.js').catch((error: unknown) => {
		loading = undefined;
		throw error;
	});
	return loading;
}
