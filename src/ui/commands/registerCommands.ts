import type { Services } from '../services';
import { cancelJob } from './cancelJob';
import { chooseLogFile } from './chooseLogFile';
import { CommandId } from './commandIds';
import { compareMetrics } from './compareMetrics';
import { loadMore } from './loadMore';
import { refresh } from './refresh';
import { registerCommand } from './registerCommand';
import { showExtensionLog } from './showExtensionLog';
import { showMetrics } from './showMetrics';
import { stopLogStreaming } from './stopLogStreaming';
import { streamJobLogs } from './streamJobLogs';
import { submitScript } from './submitScript';

/** The one list of command registrations, one handler file each. */
export function registerCommands(services: Services): void {
	const { context } = services;
	registerCommand(context, CommandId.ShowExtensionLog, showExtensionLog);
	registerCommand(context, CommandId.Refresh, (node?) => refresh(services, node));
	registerCommand(context, CommandId.LoadMore, (node?) => loadMore(services, node));
	registerCommand(context, CommandId.SubmitScript, (uri?) => submitScript(services, uri));
	registerCommand(context, CommandId.CancelJob, (node?) => cancelJob(services, node));
	registerCommand(context, CommandId.StreamJobLogs, streamJobLogs);
	registerCommand(context, CommandId.StopLogStreaming, (arg?) => stopLogStreaming(services, arg));
	registerCommand(context, CommandId.ChooseLogFile, (node?) => chooseLogFile(services, node));
	registerCommand(context, CommandId.ShowMetrics, showMetrics);
	registerCommand(context, CommandId.CompareMetrics, compareMetrics);
}
