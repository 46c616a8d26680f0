import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** Hands out a fixed token: for the emulator and tests, where nothing signs in. */
export class StaticTokenCredential implements TokenCredential {
	constructor(
		private readonly token: string,
		private readonly lifetimeMs = 3_600_000,
	) {}

	getToken(): Promise<AccessToken> {
		return Promise.resolve({ token: this.token, expiresOnTimestamp: Date.now() + this.lifetimeMs });
	}
}
