import type { EmuRequest } from './http';

/**
 * Faults injected on demand, in-process or through `POST /_emulator/faults`.
 * - `status`: answer with `status` (and `headers`, `body`) instead of handling the request;
 * - `latency`: wait `latencyMs` first, then handle normally;
 * - `reset`: send the headers and half the body, then reset the connection;
 * - `truncate`: declare the full Content-Length, send half the body, close cleanly;
 * - `expiredToken`: 401 as for an expired bearer token;
 * - `expiredSas`: blob reads with a SAS the emulator issued before the fault was added get 403;
 * - `rangeEnd416`: a blob read at or past the end gets Azure's 416 (Azurite's own answer is an empty 206);
 * - `partialRange`: a ranged blob read returns only its first `bytes` bytes (a read cut mid-line or mid-character).
 */
export type FaultKind = 'status' | 'latency' | 'reset' | 'truncate' | 'expiredToken' | 'expiredSas' | 'rangeEnd416' | 'partialRange';

export interface FaultSpec {
	readonly kind: FaultKind;
	/** A regular expression the request path must match (case-insensitive); any path when absent. */
	readonly path?: string;
	readonly method?: string;
	/** How many matching requests it affects; 0 means until cleared. Default 1. */
	readonly times?: number;
	/** Lets this many matching requests through first. */
	readonly skip?: number;
	readonly status?: number;
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: unknown;
	readonly latencyMs?: number;
	readonly bytes?: number;
}

export interface ActiveFault extends FaultSpec {
	readonly id: number;
	/** For `expiredSas`: SAS URLs numbered up to this one (all handed out before the fault) are expired. */
	readonly lastExpiredMint: number;
	remaining: number;
	skipped: number;
	hits: number;
}

export class Faults {
	private readonly active: ActiveFault[] = [];
	private nextId = 1;

	constructor(private readonly currentSasMint: () => number) {}

	add(spec: FaultSpec): ActiveFault {
		const times = spec.times ?? 1;
		const fault: ActiveFault = { ...spec, id: this.nextId++, lastExpiredMint: this.currentSasMint(), remaining: times === 0 ? Infinity : times, skipped: 0, hits: 0 };
		this.active.push(fault);
		return fault;
	}

	clear(): void {
		this.active.length = 0;
	}

	list(): readonly ActiveFault[] {
		return this.active;
	}

	/**
	 * The first live fault of one of `kinds` matching the request, counted as used; `applies`
	 * narrows it further (e.g. only reads at the end of a blob).
	 */
	take(request: EmuRequest, kinds: readonly FaultKind[], applies: (fault: ActiveFault) => boolean = () => true): ActiveFault | undefined {
		for (const fault of this.active) {
			if (fault.remaining <= 0 || !kinds.includes(fault.kind) || !matches(fault, request) || !applies(fault)) {
				continue;
			}
			if (fault.skipped < (fault.skip ?? 0)) {
				fault.skipped++;
				continue;
			}
			fault.remaining--;
			fault.hits++;
			return fault;
		}
		return undefined;
	}
}

function matches(fault: FaultSpec, request: EmuRequest): boolean {
	if (fault.method && fault.method.toUpperCase() !== request.method) {
		return false;
	}
	return !fault.path || new RegExp(fault.path, 'i').test(request.path);
}
