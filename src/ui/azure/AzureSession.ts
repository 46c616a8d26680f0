import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureConnection } from '../../core/azure/AzureConnection';
import type { AzureRunBackend } from '../../core/backends/azure/AzureRunBackend';
import type { AzureWorkspace } from '../../core/backends/azure/AzureWorkspace';
import { parseWorkspaceId, workspaceArmId, type WorkspaceRef } from '../../core/azure/workspaceRef';
import { extensionLog } from '../extensionLog';
import type { Prompter } from '../prompter';
import { azureModule, type AzureModule } from './azureModule';
import { readAzureSettings, sessionSettingKeys, type AzureSettings } from './azureSettings';
import { cloudOf, signInWith, type Identity } from './signIn';
import { authProviderFor, sessionScopes } from './vscodeAccount';

const signedInKey = 'azuremlExplorer.signedIn';
const rememberedKey = 'azuremlExplorer.session.signedIn';

/** A workspace of the signed-in identity, and the run backend over it (one of each per workspace). */
export interface WorkspaceHandle {
	readonly workspace: AzureWorkspace;
	readonly backend: AzureRunBackend;
}

/**
 * The Azure sign-in of this window: which cloud (settings), which identity (VS Code's Microsoft
 * account, the Azure CLI, a service principal from the environment, or the emulator's static
 * token), and the one AzureConnection built from them. Nothing is fetched or loaded until Azure is
 * used; no token is kept by the extension beyond the credential's own cache.
 */
export class AzureSession implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires on sign-in, sign-out and when a setting makes the sign-in stale. */
	readonly onDidChange = this.changed.event;
	private identity: Identity | undefined;
	private connecting: Promise<AzureConnection> | undefined;
	private signingIn: Promise<AzureConnection> | undefined;
	private readonly workspaces = new Map<string, WorkspaceHandle>();
	private readonly disposables: vscode.Disposable[] = [this.changed];

	constructor(
		private readonly state: vscode.Memento,
		private readonly prompt: () => Prompter,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {
		this.disposables.push(
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (sessionSettingKeys.some((key) => e.affectsConfiguration(key))) {
					this.reset(undefined);
					void this.restore();
				}
			}),
			// Signing the Microsoft account out (or in) from the Accounts menu updates the view too.
			vscode.authentication.onDidChangeSessions((e) => {
				const settings = this.settings;
				if (settings.authentication === 'vscode' && !settings.staticToken && e.provider.id === authProviderFor(settings.cloud).id) {
					void this.followAccount();
				}
			}),
		);
		void this.setContext();
	}

	get isSignedIn(): boolean {
		return this.identity !== undefined;
	}

	/** Who is signed in, as the view's description shows it (e.g. `ada@contoso.com`). */
	get account(): string | undefined {
		return this.identity?.account;
	}

	get settings(): AzureSettings {
		return readAzureSettings(this.env);
	}

	/** The Azure bundle (SDKs and core clients), loaded on first use. */
	azureModule(): Promise<AzureModule> {
		return azureModule();
	}

	/**
	 * Signs in again without asking anything: the static token at once, VS Code's account if it has
	 * a session, the CLI or service principal if the user signed in with them before. Never throws.
	 */
	async restore(): Promise<void> {
		const settings = this.settings;
		const remembered = this.state.get<boolean>(rememberedKey, false);
		if (this.identity || (!settings.staticToken && settings.authentication !== 'vscode' && !remembered)) {
			return;
		}
		try {
			const identity = await signInWith(settings, { interactive: false, prompt: this.prompt() });
			if (identity && !this.identity) {
				this.reset(identity);
			}
		} catch (error) {
			extensionLog.info(`Not signed in to Azure yet: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	/** Signs in, asking the user where needed (VS Code's account dialog, the sovereign-cloud setting). */
	signIn(): Promise<AzureConnection> {
		this.signingIn ??= (async () => {
			const identity = await signInWith(this.settings, { interactive: true, prompt: this.prompt() });
			if (!identity) {
				throw new Error('Sign-in did not complete.');
			}
			await this.state.update(rememberedKey, true);
			this.reset(identity);
			return this.connection();
		})().finally(() => (this.signingIn = undefined));
		return this.signingIn;
	}

	/** Forgets the identity in this extension (VS Code's own account stays signed in for other extensions). */
	async signOut(): Promise<void> {
		await this.state.update(rememberedKey, false);
		this.reset(undefined);
	}

	/** After the account's sessions changed: signed out when VS Code has no session left, signed in again when it has one. */
	private async followAccount(): Promise<void> {
		if (!this.identity) {
			await this.restore();
			return;
		}
		const cloud = cloudOf(this.settings);
		const provider = authProviderFor(this.settings.cloud);
		try {
			const session = await vscode.authentication.getSession(provider.id, sessionScopes(cloud.armScope, this.settings.tenant), { silent: true });
			if (!session) {
				this.reset(undefined);
			}
		} catch (error) {
			extensionLog.info(`Could not read the account's session: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	/** The connection of the signed-in identity; signs in first when needed. */
	connection(): Promise<AzureConnection> {
		const identity = this.identity;
		if (!identity) {
			return this.signIn();
		}
		this.connecting ??= this.connect(identity).catch((error: unknown) => {
			this.connecting = undefined;
			throw error;
		});
		return this.connecting;
	}

	/** The connection if signed in (restoring silently if possible), else undefined; never asks the user. */
	async silentConnection(): Promise<AzureConnection | undefined> {
		await this.restore();
		return this.identity ? this.connection() : undefined;
	}

	/** The one workspace and run backend per ARM workspace id, so every view shares their caches. */
	async workspace(ref: WorkspaceRef | string, connection?: AzureConnection): Promise<WorkspaceHandle> {
		const parsed = typeof ref === 'string' ? parseWorkspaceId(ref) : ref;
		const key = workspaceArmId(parsed).toLowerCase();
		let handle = this.workspaces.get(key);
		if (!handle) {
			const azure = await azureModule();
			const workspace = new azure.AzureWorkspace(connection ?? (await this.connection()), parsed);
			handle = { workspace, backend: new azure.AzureRunBackend(workspace) };
			this.workspaces.set(key, handle);
		}
		return handle;
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}

	private async connect(identity: Identity): Promise<AzureConnection> {
		const azure = await azureModule();
		const cloud = cloudOf(this.settings);
		const credential: TokenCredential = identity.credential(azure, cloud);
		return new azure.AzureConnection({ cloud, credential, logger: extensionLog });
	}

	private reset(identity: Identity | undefined): void {
		this.identity = identity;
		this.connecting = undefined;
		this.workspaces.clear();
		void this.setContext();
		this.changed.fire();
	}

	private async setContext(): Promise<void> {
		await vscode.commands.executeCommand('setContext', signedInKey, this.isSignedIn);
	}
}
