import * as vscode from 'vscode';
import type { JobLogStream } from '../../../src/ui/logs/JobLogStream';
import { waitFor } from './extension';

/**
 * The text VS Code holds for a job's output channel. The extension API cannot read a channel back,
 * but the Output view's model of the channel it shows is a text document (scheme `output`) that VS
 * Code syncs to the extension host: this reads what the user sees.
 */
export function channelText(stream: JobLogStream): string | undefined {
	return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.path).endsWith(stream.channel.name))?.getText();
}

/** Waits until the channel shows `line` as a whole line, and gives the channel's text then. */
export async function channelShows(stream: JobLogStream, line: string, timeoutMs?: number): Promise<string> {
	return waitFor(
		`"${line}" in ${stream.channel.name}`,
		() => {
			const text = channelText(stream);
			return text?.split('\n').includes(line) ? text : undefined;
		},
		timeoutMs,
	);
}
