import type { AzureMlEmulator } from '../emulator/AzureMlEmulator';
import { isOperationStatus, type UsedOperation } from './operations';
import { prepareFor } from './prepare';
import { entryKey, header, operationKey, requestBody, type RecordedEntry, type Recording } from './recordings';
import { shapeDiff } from './shapes';

/** The emulator's answer to one recorded request, compared with the recorded answer. */
export interface ReplayResult {
	readonly key: string;
	readonly where: string;
	readonly problems: readonly string[];
}

const skippedHeaders = new Set(['authorization', 'host', 'content-length', 'user-agent', 'accept-encoding', 'connection']);
const lroHeaders = ['Azure-AsyncOperation', 'Location', 'x-ms-async-operation-timeout'];

/** Where a recorded blob container lives in the emulator, and the SAS to reach it. */
interface ContainerTarget {
	url: string;
	container: string;
	sas?: string;
}

function parseBody(value: unknown): unknown {
	if (typeof value !== 'string') {
		return value ?? null;
	}
	try {
		return value.trim() ? (JSON.parse(value) as unknown) : null;
	} catch {
		return value;
	}
}

function queryNames(url: URL, ignore: (name: string) => boolean = () => false): string[] {
	return [...new Set([...url.searchParams.keys()])].filter((n) => n !== 'api-version' && !ignore(n)).sort();
}

function lroHeaderProblems(entry: RecordedEntry, headers: Headers): string[] {
	const problems: string[] = [];
	for (const name of lroHeaders) {
		const recorded = header(entry.ResponseHeaders, name);
		if (recorded === undefined) {
			continue;
		}
		const mine = headers.get(name);
		if (!mine) {
			problems.push(`the ${name} header is missing`);
			continue;
		}
		if (name === 'x-ms-async-operation-timeout') {
			continue;
		}
		const [theirs, ours] = [new URL(recorded), new URL(mine)];
		if (operationKey('GET', theirs) !== operationKey('GET', ours)) {
			problems.push(`${name} points at ${operationKey('GET', ours)}, the service pointed at ${operationKey('GET', theirs)}`);
		}
		if (queryNames(theirs).join() !== queryNames(ours).join()) {
			problems.push(`${name} has query parameters [${queryNames(ours).join()}], the service gave [${queryNames(theirs).join()}]`);
		}
	}
	return problems;
}

/**
 * Replays every recording's requests, in order, against the emulator (so a GET finds what the
 * PUT before it created) and compares the answers of the operations the extension uses. Status
 * URLs and blob containers are the emulator's own: each is mapped from the recorded one when the
 * answer that introduced it is replayed. A poll of an operation id the recording never issued (a
 * sanitizer artefact, see the recordings README) cannot be replayed and is skipped.
 */
export async function replayRecordings(emulator: AzureMlEmulator, recordings: readonly Recording[], used: ReadonlyMap<string, UsedOperation>): Promise<ReplayResult[]> {
	const results: ReplayResult[] = [];
	for (const recording of recordings) {
		await prepareFor(emulator, recording);
		const statusUrls = new Map<string, string>();
		const containers = new Map<string, ContainerTarget>();
		const datastoreContainers = new Map<string, ContainerTarget>();
		for (const [index, entry] of recording.entries.entries()) {
			const key = entryKey(entry);
			const operation = used.get(key);
			const evaluated = operation !== undefined && (operation.accept?.(entry) ?? true);
			const where = `${recording.file}#${index}`;
			const recordedUrl = new URL(entry.RequestUri);
			let target: string;
			const isBlob = recordedUrl.hostname.endsWith('.blob.core.windows.net');
			if (isBlob) {
				const [container, ...rest] = recordedUrl.pathname.split('/').filter(Boolean);
				const mapped = containers.get(container);
				if (!mapped) {
					if (evaluated) {
						results.push({ key, where, problems: [`no replayed answer named blob container ${container}`] });
					}
					continue;
				}
				const blob = rest.map(decodeURIComponent).join('/');
				if (entry.RequestMethod === 'HEAD' && entry.StatusCode === 200) {
					await emulator.context.blobs.append(mapped.container, blob, 'uploaded before the recording started');
				}
				const query = [mapped.sas?.replace(/^\?/, ''), recordedUrl.searchParams.has('comp') ? `comp=${recordedUrl.searchParams.get('comp')}` : ''].filter(Boolean).join('&');
				target = `${mapped.url}/${rest.join('/')}${query ? `?${query}` : ''}`;
			} else if (statusUrls.has(recordedUrl.pathname)) {
				target = statusUrls.get(recordedUrl.pathname)!;
			} else if (isOperationStatus(key)) {
				continue;
			} else {
				target = `${emulator.origin}${recordedUrl.pathname}${recordedUrl.search}`;
			}
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(entry.RequestHeaders)) {
				if (!skippedHeaders.has(name.toLowerCase())) {
					headers[name] = Array.isArray(value) ? value[0] : value;
				}
			}
			if (!isBlob) {
				headers.Authorization = `Bearer ${emulator.token}`;
			}
			const response = await fetch(target, { method: entry.RequestMethod, headers, body: requestBody(entry) });
			const text = entry.RequestMethod === 'HEAD' ? '' : await response.text();
			const body = parseBody(text);
			for (const name of ['Azure-AsyncOperation', 'Location']) {
				const theirs = header(entry.ResponseHeaders, name);
				const ours = response.headers.get(name);
				if (theirs && ours) {
					statusUrls.set(new URL(theirs).pathname, ours);
				}
			}
			learnContainers(entry, body, containers, datastoreContainers, emulator.info().blobEndpointTemplate);
			if (!evaluated) {
				continue;
			}
			const problems: string[] = [];
			if (response.status !== entry.StatusCode) {
				problems.push(`status ${response.status}, the service answered ${entry.StatusCode}${text ? ` (${text.slice(0, 200)})` : ''}`);
			}
			problems.push(...shapeDiff(parseBody(entry.ResponseBody), body), ...lroHeaderProblems(entry, response.headers));
			results.push({ key, where, problems });
		}
	}
	return results;
}

/** Blob containers the service named in an answer: a datastore's, or a pending upload's. */
function learnContainers(
	entry: RecordedEntry,
	body: unknown,
	containers: Map<string, ContainerTarget>,
	datastores: Map<string, ContainerTarget>,
	blobEndpointTemplate: string,
): void {
	const recorded = parseBody(entry.ResponseBody) as Record<string, unknown> | null;
	const mine = body as Record<string, unknown> | null;
	const path = new URL(entry.RequestUri).pathname;
	if (!recorded || !mine || entry.StatusCode >= 300) {
		return;
	}
	const datastore = /\/datastores\/([^/]+)$/.exec(path);
	if (datastore && entry.RequestMethod === 'GET') {
		const theirs = (recorded.properties as { containerName?: string }).containerName;
		const ours = (mine.properties as { containerName?: string; accountName?: string }).containerName;
		const account = (mine.properties as { accountName?: string }).accountName;
		if (theirs && ours && account) {
			const target: ContainerTarget = { url: `${blobEndpointTemplate.replace('{account}', account)}/${ours}`, container: ours };
			datastores.set(datastore[1], target);
			containers.set(theirs, target);
		}
	}
	const secrets = /\/datastores\/([^/]+)\/listSecrets$/.exec(path);
	if (secrets && datastores.has(secrets[1])) {
		datastores.get(secrets[1])!.sas = (mine as { sasToken?: string }).sasToken;
	}
	const pending = (recorded as { blobReferenceForConsumption?: { blobUri?: string } }).blobReferenceForConsumption;
	const ours = (mine as { blobReferenceForConsumption?: { blobUri?: string; credential?: { sasUri?: string } } }).blobReferenceForConsumption;
	if (pending?.blobUri && ours?.blobUri && ours.credential?.sasUri) {
		const theirContainer = new URL(pending.blobUri).pathname.split('/').filter(Boolean)[0];
		const sasUri = new URL(ours.credential.sasUri);
		containers.set(theirContainer, { url: ours.blobUri, container: new URL(ours.blobUri).pathname.split('/').filter(Boolean)[1], sas: sasUri.search });
	}
}
