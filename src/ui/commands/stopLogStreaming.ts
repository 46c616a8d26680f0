import * as vscode from 'vscode';
import { logStreams } from '../logs/logStreams';
import { pickActiveStream } from '../logs/pickActiveStream';
import { runTargetOf } from '../runTarget';
import type { Services } from '../services';

/**
 * Stops a job's log stream: the job of the node it was invoked on, the stream a status-bar
 * tooltip names by key, or from the palette the only (or chosen) active stream.
 */
export async function stopLogStreaming(services: Services, arg?: unknown): Promise<void> {
	const target = runTargetOf(arg);
	const streams = logStreams();
	const key = typeof arg === 'string' ? arg : target ? streams.keyOf(target) : (await pickActiveStream(services, 'Stop streaming the log of')).key;
	if (!streams.stop(key)) {
		void vscode.window.showInformationMessage(`The log of ${target?.label ?? 'that job'} is not streaming.`);
	}
}
