import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandJobSpec } from '../../core/jobs/commandJobSpec';
import { saveGeneratedJobYaml } from '../../core/jobs/savedJobYaml';
import { azureModule } from '../azure/azureModule';
import { extensionLog } from '../extensionLog';

/**
 * Per `azuremlExplorer.submit.saveJobYaml`, writes the submitted spec as `<script name>.job.yml` beside
 * the script, once the job exists: what `az ml job create -f` takes (a requirements file inlined as
 * conda, as the CLI needs). A file of that name that the extension did not write, or that is open
 * with unsaved changes, is left alone and the YAML gets the next free name.
 */
export async function saveJobYamlBeside(spec: CommandJobSpec, script: string): Promise<void> {
	if (!vscode.workspace.getConfiguration('azuremlExplorer').get<boolean>('submit.saveJobYaml', true)) {
		return;
	}
	const azure = await azureModule();
	const yaml = azure.commandJobToYaml(await azure.inlineRequirements(spec), path.dirname(script));
	const isBusy = (file: string) => vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === file);
	const file = await saveGeneratedJobYaml(script, yaml, { isBusy });
	extensionLog.info(`Saved the job's settings as ${file}.`);
}
