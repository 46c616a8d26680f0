import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AzureWorkspace } from '../../src/core/backends/azure/AzureWorkspace';
import { getDefaultDatastore, openDatastoreContainer } from '../../src/core/backends/azure/datastores';
import { createModelVersion } from '../../src/core/backends/azure/models';

/**
 * A scoring script like the tutorial's: init() loads model.json (found anywhere under
 * AZUREML_MODEL_DIR), run() multiplies each number of `{"data": [...]}` by the model's scale.
 * With `initFails`, init() raises, as a script with a missing dependency or a bad model does.
 */
export function scoreScript(options: { initFails?: string } = {}): string {
	return [
		'import json',
		'import os',
		'',
		'scale = None',
		'',
		'',
		'def init():',
		'    global scale',
		...(options.initFails ? [`    raise RuntimeError(${JSON.stringify(options.initFails)})`] : []),
		'    for folder, _, files in os.walk(os.environ["AZUREML_MODEL_DIR"]):',
		'        if "model.json" in files:',
		'            with open(os.path.join(folder, "model.json")) as f:',
		'                scale = json.load(f)["scale"]',
		'            print("model loaded, scale", scale)',
		'            return',
		'    raise FileNotFoundError("model.json not found under AZUREML_MODEL_DIR")',
		'',
		'',
		'def run(raw_data):',
		'    data = json.loads(raw_data)["data"]',
		'    return {"predictions": [x * scale for x in data]}',
		'',
	].join('\n');
}

/** Writes `<dir>/score.py` and a sample request; returns the script's path. */
export async function writeScoringProject(dir: string, options: { initFails?: string } = {}): Promise<string> {
	await mkdir(dir, { recursive: true });
	await writeFile(path.join(dir, 'score.py'), scoreScript(options));
	await writeFile(path.join(dir, 'sample-request.json'), JSON.stringify({ data: [1, 2, 3] }));
	return path.join(dir, 'score.py');
}

/** Uploads a model folder (model.json with `scale`) to the default datastore and registers it; returns the version's ARM id. */
export async function registerScaleModel(workspace: AzureWorkspace, name: string, scale: number, version = '1', properties?: Record<string, string>): Promise<string> {
	const datastore = await getDefaultDatastore(workspace);
	const container = await openDatastoreContainer(workspace, datastore);
	const text = JSON.stringify({ scale });
	await container.getBlockBlobClient(`models/${name}/${version}/model.json`).upload(text, Buffer.byteLength(text));
	const registered = await createModelVersion(workspace, name, version, {
		modelType: 'custom_model',
		modelUri: `azureml://datastores/${datastore.name ?? 'workspaceblobstore'}/paths/models/${name}/${version}/`,
		properties,
	});
	return registered.id ?? `${workspace.armId}/models/${name}/versions/${version}`;
}
