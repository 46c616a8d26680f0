import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
	parseWorkspaceConfig,
	sameWorkspace,
	workspaceConfigCandidates,
	type WorkspaceConfigError,
	workspaceConfigText,
} from '../../../../src/core/azure/workspaceConfig';

describe('workspace config.json', () => {
	const ref = { subscriptionId: '11111111-1111-4111-8111-111111111111', resourceGroup: 'rg-ml', workspace: 'ws-emulator' };

	it('reads the file write_config() and the studio download write', () => {
		const text = '{"subscription_id": "11111111-1111-4111-8111-111111111111", "resource_group": "rg-ml", "workspace_name": "ws-emulator"}';
		assert.deepEqual(parseWorkspaceConfig(text, 'config.json'), ref);
		// Extra keys (the studio adds none today, older SDKs wrote "Scope") and a BOM are fine.
		assert.deepEqual(parseWorkspaceConfig(`\uFEFF${JSON.stringify({ Scope: '/x', ...JSON.parse(text) })}`, 'config.json'), ref);
	});

	it('writes what it reads', () => {
		const text = workspaceConfigText(ref);
		assert.deepEqual(parseWorkspaceConfig(text, 'x'), ref);
		assert.match(text, /"workspace_name": "ws-emulator"/);
		assert.ok(text.endsWith('\n'));
	});

	it('names the file when the JSON is bad', () => {
		assert.throws(
			() => parseWorkspaceConfig('{"subscription_id": ', '/proj/.azureml/config.json'),
			(e: WorkspaceConfigError) => e.kind === 'workspaceConfig' && e.file === '/proj/.azureml/config.json' && /^\/proj\/\.azureml\/config\.json: not valid JSON/.test(e.message),
		);
		assert.throws(() => parseWorkspaceConfig('[1]', 'C:\\proj\\config.json'), /^WorkspaceConfigError: C:\\proj\\config\.json: expected a JSON object/);
	});

	it('names the file and each missing key', () => {
		assert.throws(
			() => parseWorkspaceConfig('{"subscription_id": "s", "workspace_name": "  "}', 'config.json'),
			(e: Error) => e.message.startsWith('config.json: missing "resource_group", "workspace_name"'),
		);
		assert.throws(() => parseWorkspaceConfig('{"subscription_id": 1, "resource_group": "r", "workspace_name": "w"}', 'c.json'), /c\.json: missing "subscription_id"/);
	});

	it('looks in .azureml/ first, under both path flavours', () => {
		assert.deepEqual(workspaceConfigCandidates('/home/me/proj', path.posix), ['/home/me/proj/.azureml/config.json', '/home/me/proj/config.json']);
		assert.deepEqual(workspaceConfigCandidates('C:\\Users\\me\\proj', path.win32), ['C:\\Users\\me\\proj\\.azureml\\config.json', 'C:\\Users\\me\\proj\\config.json']);
	});

	it('compares workspaces case-insensitively, as ARM does', () => {
		assert.ok(sameWorkspace(ref, { ...ref, resourceGroup: 'RG-ML', workspace: 'WS-Emulator' }));
		assert.ok(!sameWorkspace(ref, { ...ref, workspace: 'other' }));
	});
});
