import { runTeardown } from './teardown';

// Registered in .mocharc.json: after all tests, stops the shared emulator (and Azurite) if a test started it.
export const mochaHooks = {
	async afterAll(): Promise<void> {
		await runTeardown();
	},
};
