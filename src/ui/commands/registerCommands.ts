import type { Services } from '../services';
import { cancelJob } from './cancelJob';
import { CommandId } from './commandIds';
import { loadMore } from './loadMore';
import { refresh } from './refresh';
import { registerCommand } from './registerCommand';
import { showExtensionLog } from './showExtensionLog';
import { submitScript } from './submitScript';

/** The one list of command registrations, one handler file each. */
export function registerCommands(services: Services): void {
	const { context } = services;
	registerCommand(context, CommandId.ShowExtensionLog, showExtensionLog);
	registerCommand(context, CommandId.Refresh, (node?) => refresh(services, node));
	registerCommand(context, CommandId.LoadMore, (node?) => loadMore(services, node));
	registerCommand(context, CommandId.SubmitScript, (uri?) => submitScript(services, uri));
	registerCommand(context, CommandId.CancelJob, (node?) => cancelJob(services, node));
}
