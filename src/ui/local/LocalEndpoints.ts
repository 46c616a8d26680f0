import * as path from 'node:path';
import * as vscode from 'vscode';
import { LocalScoringServer } from '../../core/endpoints/localScoringServer';
import type { LocalModelVersion } from '../../core/backends/local/modelRegistry';
import type { PythonCommand } from '../../core/backends/local/pythonFinder';

/** A model version served on this machine by python/serve_local.py. */
export interface LocalEndpoint {
	readonly name: string;
	readonly model: LocalModelVersion;
	readonly scoringScript: string;
	readonly server: LocalScoringServer;
	/** The server's output: init()'s and run()'s prints, tracebacks of failed requests. */
	readonly output: vscode.OutputChannel;
}

/**
 * The Local endpoints this window started. They live as long as the window: disposing stops them,
 * and a window that dies without disposing closes their stdin, which stops them too.
 */
export class LocalEndpoints implements vscode.Disposable {
	private readonly endpoints = new Map<string, LocalEndpoint>();
	private readonly changed = new vscode.EventEmitter<void>();
	/** An endpoint started, was deleted or its server ended. */
	readonly onDidChange = this.changed.event;

	constructor(private readonly serverScript: string) {}

	list(): LocalEndpoint[] {
		return [...this.endpoints.values()].filter((endpoint) => endpoint.server.running);
	}

	get(name: string): LocalEndpoint | undefined {
		return this.endpoints.get(name);
	}

	/** Starts the server and resolves once init() has returned; on failure nothing stays behind. */
	async deploy(name: string, model: LocalModelVersion, scoringScript: string, python: PythonCommand, signal?: AbortSignal): Promise<LocalEndpoint> {
		if (this.get(name)?.server.running) {
			throw new Error(`A Local endpoint named "${name}" is already running: delete it first or choose another name.`);
		}
		const output = vscode.window.createOutputChannel(`Azure ML Endpoint: ${name} (Local)`);
		output.appendLine(`Starting ${path.basename(scoringScript)} with ${model.name}:${model.version} (${model.path})`);
		try {
			const server = await LocalScoringServer.start({ python, server: this.serverScript, scoringScript, modelDir: model.path, onOutput: (line) => output.appendLine(line), signal });
			const endpoint: LocalEndpoint = { name, model, scoringScript, server, output };
			this.endpoints.set(name, endpoint);
			output.appendLine(`Listening on ${server.scoringUri}`);
			void server.exited.then((code) => {
				output.appendLine(`The server ended (exit code ${code}).`);
				this.changed.fire();
			});
			this.changed.fire();
			return endpoint;
		} catch (error) {
			output.appendLine(error instanceof Error ? error.message : String(error));
			output.show(true);
			throw error;
		}
	}

	async delete(name: string): Promise<void> {
		const endpoint = this.endpoints.get(name);
		this.endpoints.delete(name);
		await endpoint?.server.stop();
		endpoint?.output.dispose();
		this.changed.fire();
	}

	dispose(): void {
		for (const name of [...this.endpoints.keys()]) {
			void this.delete(name);
		}
		this.changed.dispose();
	}
}
