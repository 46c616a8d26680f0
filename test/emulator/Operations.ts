import { createHash, createHmac, randomUUID } from 'node:crypto';

export type OperationKind = 'computeOperationsStatus' | 'mfeOperationsStatus' | 'mfeOperationResults';

/** When long-running operations finish: after this many status polls, or this many ms, whichever comes first. */
export interface LroTiming {
	readonly polls?: number;
	readonly ms?: number;
	/** Sent as `Retry-After` (seconds) on long-running answers and status polls, as ARM may. */
	readonly retryAfterSeconds?: number;
}

/** How an operation that waits on real work (a deployment's server) ended. */
export interface OperationOutcome {
	readonly error?: { readonly code: string; readonly message: string };
}

export interface OperationStart {
	readonly subscriptionId: string;
	readonly location: string;
	readonly apiVersion: string;
	readonly onDone: () => void;
	/** Azure ML's ids name what they track, e.g. `jc:<workspace id>:<job>`. */
	readonly id?: string;
	/** Real status URLs carry a signature (t, c, s, h); job-cancel result URLs do not. */
	readonly signed?: boolean;
	/** Work the operation waits for: undefined while it runs, then its outcome (an error makes it Failed). */
	readonly outcome?: () => OperationOutcome | undefined;
}

export interface Operation {
	readonly id: string;
	readonly kind: OperationKind;
	readonly url: string;
	readonly startedAt: number;
	polls: number;
	done: boolean;
	endedAt?: number;
	/** Set when the operation failed. */
	error?: OperationOutcome['error'];
	readonly start: OperationStart;
}

const signingKey = randomUUID();
/** .NET ticks, as the `t` parameter of real operation URLs. */
const ticks = (ms: number) => String((BigInt(ms) + 62_135_596_800_000n) * 10_000n);

/** Long-running operations and the status URLs ARM hands out for them. */
export class Operations {
	private readonly operations = new Map<string, Operation>();

	constructor(
		private readonly origin: string,
		private readonly timing: () => LroTiming,
	) {}

	/** Starts an operation; `onDone` runs once, when it finishes. */
	start(kind: OperationKind, start: OperationStart): Operation {
		const id = start.id ?? randomUUID();
		const operation: Operation = { id, kind, url: '', startedAt: Date.now(), polls: 0, done: false, start };
		const withUrl = { ...operation, url: this.urlFor(operation, kind) };
		this.operations.set(id, withUrl);
		this.settle(withUrl);
		return withUrl;
	}

	/** The status URL of an operation in another shape, e.g. the `mfeOperationResults` Location of a delete. */
	urlFor(operation: Pick<Operation, 'id' | 'start'>, kind: OperationKind): string {
		const { subscriptionId, location, apiVersion, signed = true } = operation.start;
		const path = `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/${kind}/${encodeURIComponent(operation.id).replace(/%3A/g, ':')}`;
		const query = new URLSearchParams({ 'api-version': apiVersion });
		if (kind === 'computeOperationsStatus') {
			query.set('service', 'new');
		}
		if (signed) {
			const t = ticks(Date.now());
			query.set('t', t);
			query.set('c', Buffer.from('azureml-emulator-signing-certificate').toString('base64url'));
			query.set('s', createHmac('sha256', signingKey).update(`${path}|${t}`).digest('base64url'));
			query.set('h', createHash('sha256').update(path).digest('base64url'));
		}
		return `${this.origin}${path}?${query.toString()}`;
	}

	/** Counts a status poll and returns the operation, or undefined for an id never issued. */
	poll(id: string): Operation | undefined {
		const operation = this.operations.get(id);
		if (operation) {
			this.settle(operation);
			operation.polls++;
		}
		return operation;
	}

	/** Finishes the operations whose time is up (called on every request, so resources look current). */
	settleDue(): void {
		for (const operation of this.operations.values()) {
			this.settle(operation);
		}
	}

	private settle(operation: Operation): void {
		if (operation.done) {
			return;
		}
		const { polls, ms } = this.timing();
		const byPolls = polls !== undefined && operation.polls >= polls;
		const byTime = ms !== undefined && Date.now() - operation.startedAt >= ms;
		if (!byPolls && !byTime) {
			return;
		}
		const outcome = operation.start.outcome ? operation.start.outcome() : {};
		if (!outcome) {
			return;
		}
		operation.done = true;
		operation.endedAt = Date.now();
		operation.error = outcome.error;
		operation.start.onDone();
	}
}
