import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { CommandId } from '../../../src/ui/commands/commandIds';
import type { TreeNode } from '../../../src/ui/tree/TreeNode';
import { emulatorServicePrincipal } from '../../emulator/identity';
import { emulatorRequest, resetEmulator } from '../support/emulator';
import { activateExtension, labelOf, waitFor } from '../support/extension';
import { trustTestCertificate } from '../support/testCertificate';

const spVariables = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST', 'AZUREML_EXPLORER_STATIC_TOKEN'] as const;
const spAccount = `service principal ${emulatorServicePrincipal.clientId}`;

describe('Custom cloud sign-in', () => {
	let api: ExtensionApi;
	let authorityHost: string;
	let untrust: (() => void) | undefined;
	const saved = new Map<string, string | undefined>();
	const config = () => vscode.workspace.getConfiguration('azuremlExplorer');

	before(async function () {
		this.timeout(60_000);
		api = await activateExtension();
		await resetEmulator();
		const info = await emulatorRequest<{ authorityHost?: string }>('GET', 'info');
		const served = info.authorityHost;
		assert.ok(served && served.startsWith('https://127.0.0.1:'), `the emulator serves no sign-in authority: ${JSON.stringify(info)}`);
		authorityHost = served;
		untrust = trustTestCertificate();
		for (const name of spVariables) {
			saved.set(name, process.env[name]);
		}
		// The extension host's environment is the one the extension reads: the static token goes, a
		// service principal comes.
		delete process.env.AZUREML_EXPLORER_STATIC_TOKEN;
		delete process.env.AZURE_AUTHORITY_HOST;
		process.env.AZURE_TENANT_ID = emulatorServicePrincipal.tenantId;
		process.env.AZURE_CLIENT_ID = emulatorServicePrincipal.clientId;
		process.env.AZURE_CLIENT_SECRET = emulatorServicePrincipal.clientSecret;
		await api.services.azure.signOut();
		await config().update('authentication', 'environment', vscode.ConfigurationTarget.Global);
	});

	after(async function () {
		this.timeout(60_000);
		untrust?.();
		for (const [name, value] of saved) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
		await config().update('customCloud.authorityHost', undefined, vscode.ConfigurationTarget.Global);
		await config().update('authentication', undefined, vscode.ConfigurationTarget.Global);
		await api.services.azure.signOut();
		await api.services.azure.restore();
		await waitFor('the emulator sign-in (static token) again', () => api.services.azure.account === 'static token (emulator)', 10_000);
		await resetEmulator();
	});

	const children = (node?: TreeNode): Promise<TreeNode[]> => api.services.tree.getChildren(node);

	async function workspaceNames(): Promise<string[]> {
		const azureRoot = (await children()).find((node) => labelOf(node) === 'Azure');
		assert.ok(azureRoot, 'no Azure node');
		assert.equal(String(azureRoot.getTreeItem().description ?? ''), spAccount);
		const [subscription] = await children(azureRoot);
		assert.ok(subscription, 'no subscription');
		return (await children(subscription)).map(labelOf).sort();
	}

	async function signInAndListWorkspaces(): Promise<void> {
		await emulatorRequest('DELETE', 'requests');
		await vscode.commands.executeCommand(CommandId.SignIn);
		await waitFor('the service principal sign-in', () => api.services.azure.account === spAccount, 30_000);
		api.services.tree.refresh();
		// Other suites may add workspaces to the shared emulator; the seeded two must be there.
		const names = await workspaceNames();
		assert.ok(['ws-emulator', 'ws-other'].every((name) => names.includes(name)), names.join(', '));
		const served = (await emulatorRequest<{ requests: { path: string; headers: Record<string, string> }[] }>('GET', 'requests')).requests;
		const listed = served.find((r) => /^\/subscriptions\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces$/i.test(r.path));
		assert.ok(listed, served.map((r) => r.path).join('\n'));
		assert.equal(listed.headers.authorization, 'Bearer <ARM token>');
	}

	it('signs a service principal in at the authority customCloud.authorityHost names, and lists its workspaces', async function () {
		this.timeout(90_000);
		await config().update('customCloud.authorityHost', authorityHost, vscode.ConfigurationTarget.Global);
		await signInAndListWorkspaces();
	});

	it('signs a service principal in at AZURE_AUTHORITY_HOST, and reports the authority\'s refusal of a wrong secret', async function () {
		this.timeout(90_000);
		// Signed out first, so the setting's change does not sign in again on its own.
		await api.services.azure.signOut();
		await config().update('customCloud.authorityHost', undefined, vscode.ConfigurationTarget.Global);
		process.env.AZURE_AUTHORITY_HOST = authorityHost;
		process.env.AZURE_CLIENT_SECRET = 'not-the-secret';
		await assert.rejects(api.services.azure.signIn(), /service principal .*sign-in failed: .*AADSTS7000215/);
		assert.equal(api.services.azure.isSignedIn, false);

		process.env.AZURE_CLIENT_SECRET = emulatorServicePrincipal.clientSecret;
		await signInAndListWorkspaces();
	});
});
