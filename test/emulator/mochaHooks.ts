import type { Context } from 'mocha';
import { sharedEmulator } from './sharedEmulator';
import { runTeardown } from './teardown';

// Registered in .mocharc.json.
export const mochaHooks = {
	/**
	 * Starts the shared emulator (and Azurite) before any test, so its start-up, which takes as long as
	 * the machine is busy, is not charged to whichever test happens to use it first. It ends when
	 * Azurite listens or exits, so it needs no time limit of its own.
	 */
	async beforeAll(this: Context): Promise<void> {
		this.timeout(0);
		await sharedEmulator();
	},
	/** After all tests, stops the shared emulator (and Azurite). */
	async afterAll(): Promise<void> {
		await runTeardown();
	},
};
