import * as vscode from 'vscode';
import { extensionLog } from '../extensionLog';
import type { RunTarget } from '../runTarget';
import { JobLogStream } from './JobLogStream';
import { RunKeys } from '../../core/runs/runKeys';

/** Set while at least one job log streams, for the `when` clauses of Stop Streaming and Choose Log File. */
const STREAMING_CONTEXT = 'azuremlExplorer.logStreaming';

/** Output channels kept at most; beyond it the least recently used channels of ended streams go. */
export const maxJobChannels = 10;

/**
 * One output channel per job, kept after its stream ends so streaming the job again reuses it,
 * and at most one stream per job. Channels of ended streams are disposed, least recently used first,
 * once there are more than `maxJobChannels`; a channel still streaming is never disposed, and a
 * disposed one is never handed out again (the job gets a new one).
 */
export class LogStreamManager implements vscode.Disposable {
	private readonly channels = new Map<string, vscode.OutputChannel>();
	private readonly streams = new Map<string, JobLogStream>();
	private readonly keys = new RunKeys();

	get active(): JobLogStream[] {
		return [...this.streams.values()];
	}

	/** Output channels held now (streaming or kept for the next stream of their job). */
	get channelCount(): number {
		return this.channels.size;
	}

	/**
	 * Names a job for the maps and the status bar's stop link: its workspace and run id, so tree
	 * refreshes (new targets for the same run) find its stream (see RunKeys).
	 */
	keyOf({ backend, runId }: RunTarget): string {
		return this.keys.keyOf(backend, runId);
	}

	find(target: RunTarget): JobLogStream | undefined {
		return this.streams.get(this.keyOf(target));
	}

	/**
	 * Streams the job's log into its channel and shows the channel. A job already streaming keeps
	 * its stream (switching to `files` if given); otherwise its channel starts over, since the new
	 * stream prints the whole log again.
	 */
	stream(target: RunTarget, files?: readonly string[]): JobLogStream {
		const key = this.keyOf(target);
		const running = this.streams.get(key);
		if (running) {
			if (files) {
				running.session.choose(files);
			}
			running.channel.show(true);
			return running;
		}
		const channel = this.channel(key, target);
		channel.clear();
		channel.show(true);
		const stream = new JobLogStream(key, target, channel, files);
		this.streams.set(key, stream);
		this.updateContext();
		this.prune();
		void stream.done.then((end) => {
			this.streams.delete(key);
			this.updateContext();
			this.prune();
			if (end.reason === 'failed') {
				extensionLog.warn(`Log stream of ${target.runId} stopped: ${end.message}`);
				void vscode.window.showWarningMessage(`Streaming the log of ${target.label} stopped: ${end.message}`, 'Show Log').then((choice) => {
					if (choice) {
						// The channel may have been pruned meanwhile: the job's current one (a new, empty one then).
						this.channel(key, target).show(true);
					}
				});
			}
		});
		return stream;
	}

	/** Stops the job's stream; false when it was not streaming. */
	stop(key: string): boolean {
		const stream = this.streams.get(key);
		stream?.stop();
		return stream !== undefined;
	}

	dispose(): void {
		for (const stream of this.streams.values()) {
			stream.stop();
		}
		for (const channel of this.channels.values()) {
			channel.dispose();
		}
		this.channels.clear();
	}

	private channel(key: string, target: RunTarget): vscode.OutputChannel {
		let channel = this.channels.get(key);
		if (channel) {
			// Most recently used last, so pruning takes the oldest first.
			this.channels.delete(key);
			this.channels.set(key, channel);
		} else {
			// The job name (run id) makes the name unique; a display name alone often repeats.
			const name = target.label === target.runId ? target.runId : `${target.label} (${target.runId})`;
			channel = vscode.window.createOutputChannel(`Azure ML: ${name}`, 'log');
			this.channels.set(key, channel);
		}
		return channel;
	}

	/** Disposes the least recently used channels of ended streams while there are too many. */
	private prune(): void {
		for (const [key, channel] of this.channels) {
			if (this.channels.size <= maxJobChannels) {
				return;
			}
			if (!this.streams.has(key)) {
				channel.dispose();
				this.channels.delete(key);
			}
		}
	}

	private updateContext(): void {
		void vscode.commands.executeCommand('setContext', STREAMING_CONTEXT, this.streams.size > 0);
	}
}
