import * as path from 'node:path';
import { downloadWithProgress } from '../artifacts/downloadWithProgress';
import type { Services } from '../services';
import { ArtifactNode } from '../tree/ArtifactNodes';

/** Downloads an output or log file, or a whole folder of them, from a run's node in the tree. */
export async function downloadArtifact(services: Services, node?: unknown): Promise<string> {
	if (!(node instanceof ArtifactNode)) {
		throw new Error('Choose a file or folder under a job or run in the Azure ML view to download it.');
	}
	const { backend, runId, label } = node.runTarget;
	const reader = backend.artifactReader?.bind(backend);
	if (!reader) {
		throw new Error(`The outputs of ${label} cannot be downloaded.`);
	}
	const parent = path.posix.dirname(node.entry.path);
	return downloadWithProgress(services, {
		label: `${node.entry.path} of "${label}"`,
		name: node.entry.name,
		artifacts: await node.files(),
		stripPrefix: parent === '.' ? '' : `${parent}/`,
		reader: (artifact) => reader(runId, artifact),
	});
}
