import { customCloud } from '../../src/core/azure/clouds';
import { AzureConnection } from '../../src/core/azure/AzureConnection';
import { StaticTokenCredential } from '../../src/core/azure/StaticTokenCredential';
import type { AzureMlEmulator, RecordedRequest } from '../emulator/AzureMlEmulator';
import { clientRequests } from './clientRequests';
import { isOperationStatus, usedOperations, type UsedOperation } from './operations';
import { entryKey, header, loadRecordings, operationKey, type RecordedEntry } from './recordings';
import { replayRecordings } from './replay';
import { missingPaths, sentNothingNew } from './shapes';

export interface OperationVerdict {
	readonly key: string;
	/** Recorded samples replayed against the emulator. */
	readonly samples: number;
	/** Requests the core client sent for it. */
	readonly requests: number;
	readonly problems: readonly string[];
}

export interface Conformance {
	readonly conformance: 'recordings';
	readonly operations: number;
	readonly matched: number;
	readonly unmatched: string[];
}

/** SAS parameter names differ between kinds of SAS (user delegation, service, account). */
const sasParameters = new Set(['sv', 'ss', 'srt', 'sp', 'se', 'st', 'spr', 'sig', 'sr', 'skoid', 'sktid', 'skt', 'ske', 'sks', 'skv', 'sdd', 'emu_mint']);
const significantHeaders = ['x-ms-blob-type', 'if-none-match'];

function queryNames(query: Iterable<string>, blob: boolean): string {
	return [...new Set(query)]
		.filter((n) => n !== 'api-version' && !(blob && sasParameters.has(n)))
		.sort()
		.join(',');
}

/** Why one client request does not match one recorded request ([] when it does). */
function requestProblems(operation: UsedOperation, sent: RecordedRequest, recorded: RecordedEntry): string[] {
	const recordedUrl = new URL(recorded.RequestUri);
	const blob = operation.key.includes('{account}');
	const problems: string[] = [];
	const [ours, theirs] = [queryNames(Object.keys(sent.query), blob), queryNames(recordedUrl.searchParams.keys(), blob)];
	if (ours !== theirs) {
		problems.push(`query [${ours}] instead of [${theirs}]`);
	}
	const expectedVersion = operation.apiVersion ?? (blob || isOperationStatus(operation.key) || operation.key.includes('{region}') ? undefined : '2022-10-01');
	if (expectedVersion && sent.query['api-version'] !== expectedVersion) {
		problems.push(`api-version ${sent.query['api-version']} instead of ${expectedVersion}`);
	}
	if (!blob) {
		const body = sent.body ?? null;
		const recordedBody = typeof recorded.RequestBody === 'string' ? (JSON.parse(recorded.RequestBody) as unknown) : recorded.RequestBody;
		problems.push(...sentNothingNew(body, recordedBody), ...missingPaths(body, operation.requires ?? []).map((p) => `required ${p} is not sent`));
	}
	for (const name of significantHeaders) {
		const want = header(recorded.RequestHeaders, name);
		if (want !== undefined && sent.headers[name] !== want) {
			problems.push(`${name}: ${sent.headers[name] ?? '(none)'} instead of ${want}`);
		}
	}
	return problems;
}

/**
 * (a) the emulator answers each recorded request of a used operation with the recorded shape;
 * (b) the core client's requests for the operation match a recorded request of it.
 */
export async function checkConformance(emulator: AzureMlEmulator): Promise<{ verdicts: OperationVerdict[]; unused: string[]; summary: Conformance }> {
	const recordings = loadRecordings();
	const used = new Map(usedOperations.map((op) => [op.key, op]));
	const previousLro = emulator.context.settings.lro;
	// One poll in progress, then done: the recordings' polls show the same sequence.
	emulator.setLro({ polls: 1 });
	try {
		const replayed = await replayRecordings(emulator, recordings, used);
		const info = emulator.info();
		const connection = new AzureConnection({
			cloud: customCloud({ armEndpoint: info.armEndpoint, blobEndpointTemplate: info.blobEndpointTemplate }),
			credential: new StaticTokenCredential(info.token),
			lroPollIntervalMs: 1,
		});
		const sent = await clientRequests(emulator, connection);
		const recordedKeys = new Set(recordings.flatMap((r) => r.entries.map(entryKey)));
		const verdicts: OperationVerdict[] = [];
		for (const operation of usedOperations.filter((op) => recordedKeys.has(op.key))) {
			const samples = recordings.flatMap((r) => r.entries).filter((e) => entryKey(e) === operation.key && (operation.accept?.(e) ?? true));
			const answers = replayed.filter((r) => r.key === operation.key);
			const requests = sent.filter((s) => operationKey(s.method, new URL(`${s.path}?${new URLSearchParams(s.query).toString()}`, info.origin)) === operation.key);
			const problems = answers.flatMap((a) => a.problems.map((p) => `(a) ${a.where}: ${p}`));
			if (answers.length === 0) {
				problems.push('(a) no recorded request of it could be replayed');
			}
			if (requests.length === 0) {
				problems.push('(b) the client never sent it');
			}
			for (const request of requests) {
				const tries = samples.map((sample) => requestProblems(operation, request, sample));
				if (!tries.some((t) => t.length === 0)) {
					problems.push(`(b) ${request.method} ${request.path}: ${tries.sort((x, y) => x.length - y.length)[0].join('; ')}`);
				}
			}
			verdicts.push({ key: operation.key, samples: answers.length, requests: requests.length, problems });
		}
		const unmatched = verdicts.filter((v) => v.problems.length > 0).map((v) => v.key);
		const unused = [...recordedKeys].filter((k) => !used.has(k)).sort();
		return { verdicts, unused, summary: { conformance: 'recordings', operations: verdicts.length, matched: verdicts.length - unmatched.length, unmatched } };
	} finally {
		emulator.setLro(previousLro);
	}
}
