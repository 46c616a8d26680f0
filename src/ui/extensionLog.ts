import * as vscode from 'vscode';
import { redact } from '../core/azure/redact';
import type { Logger } from '../core/logger';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's own diagnostics channel ("Azure ML Explorer"); everything written is redacted first. */
export const extensionLog: Logger & { show(): void } = {
	trace: (message) => output().trace(redact(message)),
	debug: (message) => output().debug(redact(message)),
	info: (message) => output().info(redact(message)),
	warn: (message) => output().warn(redact(message)),
	error: (message) => output().error(redact(message instanceof Error ? (message.stack ?? message.message) : message)),
	show: () => output().show(true),
};

function output(): vscode.LogOutputChannel {
	channel ??= vscode.window.createOutputChannel('Azure ML Explorer', { log: true });
	return channel;
}

export function disposeExtensionLog(): void {
	channel?.dispose();
	channel = undefined;
}
