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
