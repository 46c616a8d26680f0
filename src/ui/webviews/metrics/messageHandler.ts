// The host's gate for what the webview posts: each message is checked against the protocol
// before anything runs; the rest is dropped and logged (without flooding the log). No vscode here,
// so the fuzz test drives the very function the panel uses.
import type { Logger } from '../../../core/logger';
import { parseWebviewMessage, type WebviewMessage } from '../../../protocol/metrics';

export interface MetricsActions {
	ready(): void;
	exportCsv(): Promise<void>;
	exportPng(key: string, dataUrl: string): Promise<void>;
	/** A problem the webview reported (it has no log of its own). */
	reportError(message: string): void;
}

/** Dropped messages logged one by one; after that, one line per this many. */
const loggedDrops = 20;
const dropSummaryEvery = 1000;

/** Returns the handler: it runs a valid message's action and returns the message, or drops it and returns undefined. */
export function createMessageHandler(actions: MetricsActions, logger: Logger): (raw: unknown) => WebviewMessage | undefined {
	let dropped = 0;
	const run = (message: WebviewMessage): void => {
		switch (message.type) {
			case 'ready':
				return actions.ready();
			case 'exportCsv':
				return void actions.exportCsv().catch((error: unknown) => logger.error(`Metrics CSV export failed: ${String(error)}`));
			case 'exportPng':
				return void actions.exportPng(message.key, message.dataUrl).catch((error: unknown) => logger.error(`Metrics PNG export failed: ${String(error)}`));
			case 'reportError':
				return actions.reportError(message.message);
		}
	};
	return (raw) => {
		const message = parseWebviewMessage(raw);
		if (message) {
			run(message);
			return message;
		}
		dropped++;
		if (dropped <= loggedDrops) {
			logger.warn(`Metrics view: dropped a malformed message (${describe(raw)})${dropped === loggedDrops ? '; further ones are only counted' : ''}`);
		} else if (dropped % dropSummaryEvery === 0) {
			logger.warn(`Metrics view: ${dropped} malformed messages dropped so far`);
		}
		return undefined;
	};
}

/** What kind of thing arrived, without echoing its content into the log. */
function describe(raw: unknown): string {
	if (typeof raw !== 'object' || raw === null) {
		return raw === null ? 'null' : typeof raw;
	}
	if (Array.isArray(raw)) {
		return `array of ${raw.length}`;
	}
	const type = (raw as { type?: unknown }).type;
	return typeof type === 'string' ? `type ${JSON.stringify(type.slice(0, 40))}` : `object without a type`;
}

const pngPrefix = 'data:image/png;base64,';
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The bytes of a PNG data URL the webview made; throws unless they are a PNG. */
export function decodePngDataUrl(dataUrl: string): Uint8Array {
	if (!dataUrl.startsWith(pngPrefix)) {
		throw new Error('The chart image is not a PNG data URL.');
	}
	const bytes = Buffer.from(dataUrl.slice(pngPrefix.length), 'base64');
	if (bytes.length < pngSignature.length || !pngSignature.every((b, i) => bytes[i] === b)) {
		throw new Error('The chart image is not a PNG.');
	}
	return bytes;
}
