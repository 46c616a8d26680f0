import type { RunArtifact } from '../../core/artifacts/runArtifacts';
import type { RunBackend } from '../../core/backends/types';

/** A small artifact's text (an `MLmodel` file), read through its backend; at most 1 MB. */
export async function readArtifactText(backend: RunBackend, runId: string, artifact: RunArtifact, signal?: AbortSignal): Promise<string> {
	const reader = backend.artifactReader?.(runId, artifact);
	if (!reader) {
		throw new Error(`"${artifact.path}" cannot be read.`);
	}
	const { bytes } = await reader.read(0, signal, 1_000_000);
	return Buffer.from(bytes).toString('utf8');
}
