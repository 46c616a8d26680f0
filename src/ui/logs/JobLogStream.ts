import * as vscode from 'vscode';
import type { JobStatus } from '../../core/backends/types';
import { LogStreamSession, type LogSink, type StreamEnd } from '../../core/logs/LogStreamSession';
import { markdownText } from '../../core/markdown';
import { CommandId } from '../commands/commandIds';
import { runStatusHub } from '../runStatus';
import type { RunTarget } from '../runTarget';
import { statusIcon } from '../tree/statusIcons';

/**
 * One job's log streaming into its output channel, with a status-bar item showing the job's
 * status while it streams: a click shows the channel, its tooltip offers to stop.
 */
export class JobLogStream {
	readonly session: LogStreamSession;
	readonly statusBar: vscode.StatusBarItem;
	/** Settles when the stream ended, however it ended; the status-bar item is gone by then. */
	readonly done: Promise<StreamEnd>;
	private readonly controller = new AbortController();

	constructor(
		readonly key: string,
		readonly target: RunTarget,
		readonly channel: vscode.OutputChannel,
		files?: readonly string[],
	) {
		this.statusBar = vscode.window.createStatusBarItem(`azuremlExplorer.logStream.${key}`, vscode.StatusBarAlignment.Left, 10);
		this.statusBar.name = `Azure ML: ${target.label} log stream`;
		this.statusBar.command = { command: CommandId.StreamJobLogs, title: 'Show Log', arguments: [{ runTarget: target }] };
		this.showStatus(undefined);
		this.statusBar.show();

		const sink: LogSink = {
			lines: (lines) => channel.append(`${lines.join('\n')}\n`),
			notice: (message) => channel.appendLine(`» ${message}`),
			status: (status) => this.showStatus(status),
		};
		this.session = new LogStreamSession(target.backend, target.runId, sink, { files, status: runStatusHub().feed(target.backend, target.runId) });
		this.done = this.session.stream(this.controller.signal).finally(() => this.statusBar.dispose());
	}

	stop(): void {
		this.controller.abort();
	}

	private showStatus(status: JobStatus | undefined): void {
		const icon = status ? statusIcon(status).id : 'loading~spin';
		this.statusBar.text = `$(${icon}) ${this.target.label}: ${status ?? 'connecting'}`;
		const stop = `command:${CommandId.StopLogStreaming}?${encodeURIComponent(JSON.stringify([this.key]))}`;
		const tooltip = new vscode.MarkdownString(`Streaming the log of **${markdownText(this.target.label)}** (${status ?? 'connecting'})\n\n[Stop Streaming](${stop})`);
		tooltip.isTrusted = { enabledCommands: [CommandId.StopLogStreaming] };
		this.statusBar.tooltip = tooltip;
	}
}
