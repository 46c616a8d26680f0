import * as vscode from 'vscode';
import type { CommandJobSpec } from '../../core/jobs/commandJobSpec';
import type { SubmitResult } from '../../core/jobs/submitCommandJob';
import { azureModule } from '../azure/azureModule';
import { afterSubmit } from '../commands/afterSubmit';
import { UserCancelledError } from '../errors';
import { extensionLog } from '../extensionLog';
import type { Services } from '../services';
import type { WorkspaceTarget } from './pickTarget';
import { revealAzureJob } from './revealAzureJob';

/** Where a job's spec is kept, so "Re-run" on its node can submit it again. */
export function jobSpecKey(jobArmId: string): string {
	return `azuremlExplorer.jobSpec:${jobArmId.toLowerCase()}`;
}

/**
 * Submits a spec under one cancellable notification that names each step and counts the bytes
 * sent; when the job exists it is revealed in the tree and handed to the after-submit actions.
 */
export async function runAzureSubmit(services: Services, target: WorkspaceTarget, spec: CommandJobSpec, label: string): Promise<SubmitResult> {
	const azure = await azureModule();
	const result = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Submitting ${label} to ${target.workspace.ref.workspace}`, cancellable: true },
		async (progress, token) => {
			const controller = new AbortController();
			const subscription = token.onCancellationRequested(() => controller.abort());
			let reported = 0;
			try {
				return await azure.submitCommandJob(target.workspace, spec, {
					signal: controller.signal,
					onProgress: (p) => {
						// The bar follows the bytes; steps without bytes only change the message.
						const percent = p.bytesTotal ? Math.floor((100 * (p.bytesDone ?? 0)) / p.bytesTotal) : reported;
						progress.report({ message: p.message, increment: Math.max(0, percent - reported) });
						reported = Math.max(reported, percent);
					},
					confirmLargeSnapshot: (message) => services.prompt.confirm(message, 'Upload Anyway'),
					confirmOutsideLinks: (message) => services.prompt.confirm(message, 'Include Them'),
				});
			} catch (error) {
				if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') {
					throw new UserCancelledError('submit');
				}
				throw error;
			} finally {
				subscription.dispose();
			}
		},
	);
	extensionLog.info(
		`Submitted ${result.jobName} to ${target.workspace.label}: ${result.codeUploaded ? `uploaded ${result.uploadedBytes} bytes` : 'snapshot unchanged, nothing uploaded'}.`,
	);
	await services.context.workspaceState.update(jobSpecKey(result.job.id), spec);
	await revealAzureJob(services, target, spec.experimentName, result.jobName).catch((error: unknown) =>
		extensionLog.warn(`Could not show job ${result.jobName} in the tree: ${error instanceof Error ? error.message : String(error)}`),
	);
	// Named as the tree names the job, not by the file it came from.
	afterSubmit({ backend: target.backend, runId: result.jobName, label: spec.displayName ?? result.jobName }, result.studioUrl);
	return result;
}

