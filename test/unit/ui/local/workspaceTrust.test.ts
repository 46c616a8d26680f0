import * as assert from 'node:assert/strict';
import { requireTrustToRunCode } from '../../../../src/ui/local/workspaceTrust';

describe('Restricted Mode and code that runs on this machine', () => {
	it('refuses in an untrusted workspace, naming the action and how to trust the folder', () => {
		assert.throws(() => requireTrustToRunCode(false, 'Submitting to Local'), /^Error: Submitting to Local runs this folder's code .*Restricted Mode.*Manage Workspace Trust/);
	});

	it('lets a trusted workspace run', () => {
		assert.doesNotThrow(() => requireTrustToRunCode(true, 'Submitting to Local'));
	});
});
