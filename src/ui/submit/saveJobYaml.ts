import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandJobSpec } from '../../core/jobs/commandJobSpec';
import { azureModule } from '../azure/azureModule';

/**
 * Per `azuremlExplorer.submit.saveJobYaml`, writes the submitted spec as `<script name>.job.yml` beside
 * the script: what `az ml job create -f` takes (a requirements file inlined as conda, as the CLI needs).
 */
export async function saveJobYamlBeside(spec: CommandJobSpec, script: string): Promise<void> {
	if (!vscode.workspace.getConfiguration('azuremlExplorer').get<boolean>('submit.saveJobYaml', true)) {
		return;
	}
	const file = path.join(path.dirname(script), `${path.basename(script, path.extname(script))}.job.yml`);
	const azure = await azureModule();
	await writeFile(file, azure.commandJobToYaml(await azure.inlineRequirements(spec), path.dirname(file)));
}
