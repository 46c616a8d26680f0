import {
	AccountSASPermissions,
	AccountSASResourceTypes,
	AccountSASServices,
	BlobSASPermissions,
	BlobServiceClient,
	ContainerSASPermissions,
	StorageSharedKeyCredential,
	generateAccountSASQueryParameters,
	generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import { devAccountKey, devAccountName, type Azurite } from './azurite';

/**
 * The emulator's own access to Azurite (the dev account key) and the SAS it hands out. Every SAS
 * URL points at the emulator's blob proxy (same path as Azurite), so faults can hit blob calls too.
 */
export class BlobStore {
	readonly credential = new StorageSharedKeyCredential(devAccountName, devAccountKey);
	readonly service: BlobServiceClient;
	/**
	 * Numbers each SAS handed out (`emu_mint`, removed by the proxy before Azurite sees it), so an
	 * "expired SAS" fault can tell old ones from fresh ones.
	 */
	private mints = 0;
	private readonly containers = new Set<string>();
	private readonly closing = new AbortController();
	/** Body bytes sent for blob reads, per `<container>/<blob>`. */
	private readonly served = new Map<string, number>();

	constructor(
		readonly azurite: Azurite,
		/** The emulator's origin; its `/devstoreaccount1/…` paths forward to Azurite. */
		private readonly proxyOrigin: string,
	) {
		// Azurite is local: a failure is a bug to see, not to retry (and retries would outlive stop()).
		this.service = new BlobServiceClient(azurite.blobEndpoint, this.credential, { retryOptions: { maxTries: 1 } });
	}

	/** Cancels writes still in flight when the emulator stops. */
	close(): void {
		this.closing.abort();
	}

	get mintCount(): number {
		return this.mints;
	}

	async ensureContainer(name: string): Promise<void> {
		if (this.containers.has(name)) {
			return;
		}
		await this.service.getContainerClient(name).createIfNotExists({ abortSignal: this.closing.signal });
		this.containers.add(name);
	}

	/** Appends to an append blob, creating it (and its container) on first use. */
	async append(container: string, blob: string, content: string | Uint8Array): Promise<void> {
		await this.ensureContainer(container);
		const client = this.service.getContainerClient(container).getAppendBlobClient(blob);
		const abortSignal = this.closing.signal;
		await client.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'text/plain; charset=utf-8' }, abortSignal });
		const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
		if (bytes.length > 0) {
			await client.appendBlock(bytes, bytes.length, { abortSignal });
		}
	}

	/**
	 * Starts a blob over with new content, as a writer that rewrites its log does (delete, create,
	 * append). Readers tell a new blob from the old one by its creation time (the ETag changes on
	 * every append), which Azure gives to the second; the new blob is created in a later second than
	 * the old one, as it would be on Azure unless both fall in the same second.
	 */
	async replace(container: string, blob: string, content: string | Uint8Array): Promise<void> {
		const client = this.service.getContainerClient(container).getAppendBlobClient(blob);
		const abortSignal = this.closing.signal;
		const { createdOn } = await client.getProperties({ abortSignal });
		await client.delete({ abortSignal });
		const nextSecond = (createdOn?.getTime() ?? 0) + 1000;
		if (Date.now() < nextSecond) {
			await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
		}
		await this.append(container, blob, content);
	}

	/** Names of the blobs under `prefix`, in name order (none when the container does not exist yet). */
	async list(container: string, prefix: string): Promise<string[]> {
		if (!this.containers.has(container)) {
			return [];
		}
		const names: string[] = [];
		for await (const blob of this.service.getContainerClient(container).listBlobsFlat({ prefix, abortSignal: this.closing.signal })) {
			names.push(blob.name);
		}
		return names.sort();
	}

	/** Counts body bytes sent for a blob read (`path` as in the URL: `/<account>/<container>/<blob>`). */
	countServed(path: string, bytes: number): void {
		const key = decodeURIComponent(path).split('/').slice(2).join('/');
		this.served.set(key, (this.served.get(key) ?? 0) + bytes);
	}

	/**
	 * Body bytes the emulator sent for reads of this blob, to check a reader fetches each byte once
	 * (a response a `reset` or `truncate` fault cut off counts what was sent before the cut).
	 */
	bytesServed(container: string, blob: string): number {
		return this.served.get(`${container}/${blob}`) ?? 0;
	}

	/** A read-only blob SAS URL through the proxy, valid for `ttlMs`. */
	blobReadUrl(container: string, blob: string, ttlMs: number): string {
		const sas = generateBlobSASQueryParameters(
			{ containerName: container, blobName: blob, permissions: BlobSASPermissions.parse('r'), startsOn: new Date(Date.now() - 60_000), expiresOn: new Date(Date.now() + ttlMs) },
			this.credential,
		);
		const path = blob.split('/').map(encodeURIComponent).join('/');
		return `${this.proxyOrigin}/${devAccountName}/${container}/${path}?${sas.toString()}&emu_mint=${++this.mints}`;
	}

	/**
	 * A container SAS URL (read, create, write, list), as `startPendingUpload` returns. The real
	 * service mints a user-delegation SAS, which Azurite cannot; a service SAS behaves the same.
	 */
	containerUrl(container: string, ttlMs: number): string {
		const sas = generateBlobSASQueryParameters(
			{ containerName: container, permissions: ContainerSASPermissions.parse('rcwl'), startsOn: new Date(Date.now() - 60_000), expiresOn: new Date(Date.now() + ttlMs) },
			this.credential,
		);
		return `${this.proxyOrigin}/${devAccountName}/${container}?${sas.toString()}&emu_mint=${++this.mints}`;
	}

	/** An account SAS token (`?sv=…&srt=co&ss=b&sp=rcuwdl…`), as `listSecrets` returns for identity-based datastores. */
	accountSasToken(ttlMs: number): string {
		const sas = generateAccountSASQueryParameters(
			{
				services: AccountSASServices.parse('b').toString(),
				resourceTypes: AccountSASResourceTypes.parse('co').toString(),
				permissions: AccountSASPermissions.parse('rcuwdl'),
				startsOn: new Date(Date.now() - 60_000),
				expiresOn: new Date(Date.now() + ttlMs),
			},
			this.credential,
		);
		return `?${sas.toString()}&emu_mint=${++this.mints}`;
	}
}
