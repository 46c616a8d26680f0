import * as vscode from 'vscode';
import { artifactChildren, type RunArtifact } from '../../core/artifacts/runArtifacts';
import type { RunBackend } from '../../core/backends/types';
import { resolveBackend } from '../webviews/metrics/backendResolvers';
import { artifactScheme, parseArtifactUri, type ArtifactAddress } from './artifactUris';

/** Larger files are for Download…, not an editor. */
const maxOpenBytes = 50 * 1000 * 1000;

/**
 * A read-only view of runs' artifacts (`azureml-output:` URIs), so an output or log file opens in an
 * editor without being downloaded first. Files are read through their backend (SAS URL, local file).
 */
export class ArtifactFileSystem implements vscode.FileSystemProvider {
	private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
	readonly onDidChangeFile = this.changed.event;

	static register(): vscode.Disposable {
		return vscode.workspace.registerFileSystemProvider(artifactScheme, new ArtifactFileSystem(), { isCaseSensitive: true, isReadonly: true });
	}

	watch(): vscode.Disposable {
		return new vscode.Disposable(() => undefined);
	}

	async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
		const { address, listed } = await this.list(uri);
		const file = listed.find((a) => a.path === address.path);
		if (file) {
			return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: file.size ?? 0, permissions: vscode.FilePermission.Readonly };
		}
		if (address.path === '' || listed.some((a) => a.path.startsWith(`${address.path}/`))) {
			return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
		}
		throw vscode.FileSystemError.FileNotFound(uri);
	}

	async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
		const { address, listed } = await this.list(uri);
		return artifactChildren(listed, address.path).map((entry) => [entry.name, entry.kind === 'folder' ? vscode.FileType.Directory : vscode.FileType.File]);
	}

	async readFile(uri: vscode.Uri): Promise<Uint8Array> {
		const { backend, address, listed } = await this.list(uri);
		const file = listed.find((a) => a.path === address.path);
		if (!file || !backend.artifactReader) {
			throw vscode.FileSystemError.FileNotFound(uri);
		}
		return readWhole(backend, address.runId, file);
	}

	createDirectory(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	writeFile(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	delete(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	rename(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	/** The artifacts at and below the URI's path, listed fresh (the SAS URLs with them are fresh too). */
	private async list(uri: vscode.Uri): Promise<{ backend: RunBackend; address: ArtifactAddress; listed: RunArtifact[] }> {
		const address = parseArtifactUri(uri);
		const backend = await resolveBackend(address.kind, address.workspaceId);
		if (!backend.listArtifacts) {
			throw vscode.FileSystemError.Unavailable(uri);
		}
		const listed = await backend.listArtifacts(address.runId, address.path);
		return { backend, address, listed };
	}
}

/** The whole file, in the bounded chunks the readers give. */
async function readWhole(backend: RunBackend, runId: string, artifact: RunArtifact): Promise<Uint8Array> {
	const reader = backend.artifactReader?.(runId, artifact);
	if (!reader) {
		throw new Error(`"${artifact.path}" cannot be read.`);
	}
	const chunks: Uint8Array[] = [];
	let offset = 0;
	for (;;) {
		const { bytes, size } = await reader.read(offset);
		if (size !== undefined && size > maxOpenBytes) {
			throw new Error(`"${artifact.path}" is ${size} bytes, too large to open in an editor: use Download… instead.`);
		}
		if (bytes.length === 0) {
			break;
		}
		chunks.push(bytes);
		offset += bytes.length;
		if (size !== undefined && offset >= size) {
			break;
		}
	}
	return Buffer.concat(chunks);
}
