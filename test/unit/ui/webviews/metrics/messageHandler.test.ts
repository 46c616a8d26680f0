import * as assert from 'node:assert/strict';
import type { Logger } from '../../../../../src/core/logger';
import { createMessageHandler, decodePngDataUrl, type MetricsActions } from '../../../../../src/ui/webviews/metrics/messageHandler';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const validMessages = [
	{ type: 'ready' },
	{ type: 'exportCsv' },
	{ type: 'exportPng', key: 'loss', dataUrl: png },
	{ type: 'reportError', message: 'boom' },
] as const;

function counting() {
	const effects: string[] = [];
	const actions: MetricsActions = {
		ready: () => void effects.push('ready'),
		exportCsv: () => {
			effects.push('exportCsv');
			return Promise.resolve();
		},
		exportPng: (key) => {
			effects.push(`exportPng:${key}`);
			return Promise.resolve();
		},
		reportError: (message) => void effects.push(`reportError:${message}`),
	};
	const warnings: string[] = [];
	const errors: string[] = [];
	const logger: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => void warnings.push(m), error: (m) => void errors.push(String(m)) };
	return { effects, warnings, errors, handle: createMessageHandler(actions, logger) };
}

/** mulberry32: a seeded generator, so a failing case can be reproduced. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Random garbage and near misses of the valid messages, each one invalid by construction. */
function fuzzMessages(count: number, seed: number): unknown[] {
	const rand = random(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
	const text = (max: number) => Array.from({ length: Math.floor(rand() * max) }, () => String.fromCodePoint(Math.floor(rand() * 0x2fff))).join('');
	const types = ['ready', 'exportCsv', 'exportPng', 'reportError'];
	const junkTypes = ['READY', 'ready ', ' exportCsv', 'export', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'run', 'series', ''];
	const value = (depth: number): unknown => {
		switch (Math.floor(rand() * (depth > 2 ? 6 : 8))) {
			case 0:
				return null;
			case 1:
				return rand() < 0.5;
			case 2:
				return pick([0, -1, 1e308, -0, NaN, Infinity, rand() * 1e6]);
			case 3:
				return text(50);
			case 4:
				return undefined;
			case 5:
				return pick(types);
			case 6:
				return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
			default:
				return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(['type', 'key', 'dataUrl', 'message', '__proto__', text(8)]), value(depth + 1)]));
		}
	};
	const mutations: (() => unknown)[] = [
		// Random JSON-like values; one that happens to carry a real type gets a field no message has.
		() => {
			const v = value(0);
			const type = (v as { type?: unknown } | null | undefined)?.type;
			return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof type === 'string' && types.includes(type) ? { ...v, unknown_field: 1 } : v;
		},
		() => ({ type: pick(junkTypes), ...(rand() < 0.5 ? { key: 'loss' } : {}) }),
		() => ({ type: pick([1, null, true, ['ready'], { type: 'ready' }]) }),
		// A valid message with one field too many.
		() => ({ ...pick(validMessages), [pick(['extra', 'type2', 'constructor', text(6) + '_'])]: value(1) }),
		// A valid message with a field missing.
		() => {
			const base: Record<string, unknown> = { ...pick(validMessages.slice(2)) };
			delete base[pick(Object.keys(base).filter((k) => k !== 'type'))];
			return base;
		},
		// A valid message with a field of the wrong type or an out-of-range value.
		() => ({ type: 'exportPng', key: pick([0, null, '', 'x'.repeat(1001), ['loss']]), dataUrl: png }),
		() => ({ type: 'exportPng', key: 'loss', dataUrl: pick([value(1), 'data:image/jpeg;base64,AAAA', `${png}"`, png.replace('base64,', 'base64, '), 'data:image/png;base64,', `javascript:${text(10)}`]) }),
		() => ({ type: 'reportError', message: pick([7, null, { text: 'boom' }, 'x'.repeat(4001)]) }),
		() => JSON.parse(`{"type":"${pick(types)}","__proto__":{"polluted":1}}`) as unknown,
		() => [pick(validMessages)],
		() => JSON.stringify(pick(validMessages)),
	];
	return Array.from({ length: count }, () => pick(mutations)());
}

describe('metrics panel host: messages from the webview', () => {
	it('runs the action of each valid message', async () => {
		const { effects, handle } = counting();
		for (const message of validMessages) {
			assert.deepEqual(handle(message), message);
		}
		await Promise.resolve();
		assert.deepEqual(effects, ['ready', 'exportCsv', 'exportPng:loss', 'reportError:boom']);
	});

	it('fuzz: among 10,000 malformed messages, only the valid ones mixed in run, in order', async () => {
		const { effects, handle } = counting();
		const rand = random(0xfeed);
		const garbage = fuzzMessages(10_000, 0xbad);
		const expected: string[] = [];
		for (const junk of garbage) {
			if (rand() < 0.01) {
				const message = validMessages[Math.floor(rand() * validMessages.length)];
				assert.deepEqual(handle(structuredClone(message)), message);
				expected.push(message.type === 'exportPng' ? `exportPng:${message.key}` : message.type === 'reportError' ? `reportError:${message.message}` : message.type);
			}
			assert.equal(handle(junk), undefined, `accepted ${JSON.stringify(junk)?.slice(0, 200)}`);
		}
		await new Promise((r) => setTimeout(r, 0));
		assert.ok(expected.length > 50, `enough valid messages mixed in (${expected.length})`);
		assert.deepEqual(effects, expected);
	});

	it('fuzz: 10,000 random and malformed messages run nothing and throw nothing', async () => {
		const { effects, warnings, handle } = counting();
		const messages = fuzzMessages(10_000, 0x5eed);
		for (const message of messages) {
			assert.equal(handle(message), undefined, `accepted ${JSON.stringify(message)?.slice(0, 200)}`);
		}
		await new Promise((r) => setTimeout(r, 0));
		assert.equal(effects.length, 0, `side effects: ${effects.slice(0, 5).join(', ')}`);
		assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
		// Every drop is logged at first, then only counted: the log cannot be flooded.
		assert.equal(warnings.length, 20 + 10);
		assert.match(warnings[0], /dropped a malformed message/);
		assert.match(warnings.at(-1) ?? '', /10000 malformed messages dropped so far/);
		// Still working afterwards.
		handle({ type: 'ready' });
		assert.deepEqual(effects, ['ready']);
	});

	it('logs what kind of message was dropped, not its content', () => {
		const { warnings, handle } = counting();
		handle({ type: 'exportPng', key: 'secret-token-abc', dataUrl: 'nope' });
		handle(null);
		handle([1, 2]);
		assert.deepEqual(warnings, [
			'Metrics view: dropped a malformed message (type "exportPng")',
			'Metrics view: dropped a malformed message (null)',
			'Metrics view: dropped a malformed message (array of 2)',
		]);
	});

	it('logs a failed export instead of letting the rejection escape', async () => {
		const errors: string[] = [];
		const logger: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m) => void errors.push(String(m)) };
		const handle = createMessageHandler(
			{ ready: () => undefined, exportCsv: () => Promise.reject(new Error('disk full')), exportPng: () => Promise.resolve(), reportError: () => undefined },
			logger,
		);
		handle({ type: 'exportCsv' });
		await new Promise((r) => setTimeout(r, 0));
		assert.deepEqual(errors, ['Metrics CSV export failed: Error: disk full']);
	});
});

describe('PNG export decoding', () => {
	it('returns the PNG bytes of a PNG data URL', () => {
		const bytes = decodePngDataUrl(png);
		assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0x89, 0x50, 0x4e, 0x47]);
	});

	it('refuses data that is not a PNG', () => {
		assert.throws(() => decodePngDataUrl('data:image/png;base64,' + Buffer.from('<svg onload=alert(1)>').toString('base64')), /not a PNG/);
		assert.throws(() => decodePngDataUrl('data:image/gif;base64,R0lGODlh'), /not a PNG data URL/);
	});
});
